// Plain Node.js Lambda handlers for the article-review walk-through, used by local dry runs.
export const describe = async (event) => ({ name: event.name, status: event.status });
export const addToReview = async (event) => ({ name: event.name, status: 'Review' });
export const moveToPublish = async (event) => ({ name: event.name, status: 'Publish' });
export const showArticle = async (event) => ({ name: event.name, status: 'Review' });
