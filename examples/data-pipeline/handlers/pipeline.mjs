// Plain Node.js Lambda handlers for the data-pipeline example, used by local dry runs.

// Stands in for reading from the source: a few records per source name.
export const extract = async (event) => ({
  source: event.source,
  records: Array.from({ length: event.count ?? 3 }, (_, i) => ({ id: i + 1, value: `${event.source}-${i + 1}` })),
});

export const transform = async (event) => ({
  records: event.records.map((r) => ({ ...r, value: r.value.toUpperCase(), source: event.source })),
});
