/**
 * Signatures of the functions a JSONata expression can call in Step Functions, for completion and
 * hover: the jsonata library's built-ins (docs.jsonata.org, "Function library") and those Step
 * Functions adds ("Transforming data with JSONata in Step Functions"). Every name of
 * jsonata/builtins.ts FUNCTION_NAMES has an entry (a test checks it). Optional parameters are in
 * brackets, as in the JSONata documentation.
 */
export interface JsonataFunction {
  name: string;
  /** "$substring(str, start[, length])" */
  signature: string;
  description: string;
  /** Added by Step Functions. */
  stepFunctions?: boolean;
}

function f(signature: string, description: string, stepFunctions = false): JsonataFunction {
  return { name: signature.slice(1, signature.indexOf('(')), signature, description, stepFunctions };
}

export const JSONATA_FUNCTION_DOCS: readonly JsonataFunction[] = [
  // aggregation
  f('$sum(array)', 'The sum of an array of numbers.'),
  f('$count(array)', 'The number of items in an array (1 for a single value, 0 for nothing).'),
  f('$max(array)', 'The largest number of an array.'),
  f('$min(array)', 'The smallest number of an array.'),
  f('$average(array)', 'The mean of an array of numbers.'),
  // strings
  f('$string(arg[, prettify])', 'Converts a value to a string (objects and arrays as JSON).'),
  f(
    '$substring(str, start[, length])',
    'The part of a string from `start` (negative counts from the end), of at most `length` characters.',
  ),
  f('$substringBefore(str, chars)', 'The part of a string before the first occurrence of `chars`.'),
  f('$substringAfter(str, chars)', 'The part of a string after the first occurrence of `chars`.'),
  f('$lowercase(str)', 'A string in lower case.'),
  f('$uppercase(str)', 'A string in upper case.'),
  f('$length(str)', 'The number of characters of a string.'),
  f('$trim(str)', 'A string with whitespace runs collapsed to one space and trimmed at both ends.'),
  f('$pad(str, width[, char])', 'Pads a string to `width` characters (negative pads on the left) with spaces or `char`.'),
  f('$match(str, pattern[, limit])', 'The matches of a regular expression in a string, with their groups and indexes.'),
  f('$contains(str, pattern)', 'True when the string contains the substring or matches the regular expression.'),
  f('$replace(str, pattern, replacement[, limit])', 'Replaces occurrences of a substring or regular expression.'),
  f('$split(str, separator[, limit])', 'Splits a string into an array at a substring or regular expression.'),
  f('$join(array[, separator])', 'Joins an array of strings into one string.'),
  // numbers
  f('$formatNumber(number, picture[, options])', 'Formats a number with a decimal picture string, e.g. `"#,##0.00"`.'),
  f('$formatBase(number[, radix])', 'Formats an integer in another base (2 to 36).'),
  f('$formatInteger(number, picture)', 'Formats an integer with an XPath picture string (e.g. words, roman numerals).'),
  f('$parseInteger(string, picture)', 'Parses an integer written according to an XPath picture string.'),
  f('$number(arg)', 'Converts a string or boolean to a number.'),
  f('$floor(number)', 'Rounds down to an integer.'),
  f('$ceil(number)', 'Rounds up to an integer.'),
  f('$round(number[, precision])', 'Rounds half to even, to `precision` decimal places.'),
  f('$abs(number)', 'The absolute value of a number.'),
  f('$sqrt(number)', 'The square root of a number.'),
  f('$power(base, exponent)', '`base` raised to `exponent`.'),
  f(
    '$random([seed])',
    'A random number from 0 (inclusive) to 1 (exclusive). Step Functions accepts an optional integer seed, giving the same number for the same seed.',
    true,
  ),
  // booleans
  f('$boolean(arg)', 'Converts a value to a boolean (empty strings, arrays, objects, 0 and null are false).'),
  f('$not(arg)', 'The boolean negation of a value.'),
  f('$exists(arg)', 'True when the expression has a value (false for a missing field).'),
  // arrays
  f('$map(array, function)', 'Applies `function(value[, index[, array]])` to each item and returns the results.'),
  f('$zip(array1, ...)', 'Groups the items of several arrays by position.'),
  f('$filter(array, function)', 'The items for which `function(value[, index[, array]])` is true.'),
  f('$single(array[, function])', 'The one item that matches; an error if none or several match.'),
  f('$reduce(array, function[, init])', 'Folds an array with `function(accumulator, value)`.'),
  f('$append(array1, array2)', 'Concatenates two arrays (or values).'),
  f('$reverse(array)', 'An array in reverse order.'),
  f('$sort(array[, function])', 'An array sorted, by `function(left, right)` (true when left comes after right) or naturally.'),
  f('$shuffle(array)', 'An array in random order.'),
  f('$distinct(array)', 'An array without duplicate values.'),
  // objects
  f('$sift(object, function)', 'The key/value pairs for which `function(value[, key[, object]])` is true.'),
  f('$keys(object)', 'The keys of an object (or of every object in an array).'),
  f('$lookup(object, key)', 'The value of a key of an object (or of every object in an array).'),
  f('$spread(object)', 'An array of single key/value objects.'),
  f('$merge(array)', 'One object merging an array of objects (later keys win).'),
  f('$each(object, function)', 'Applies `function(value, key)` to each key/value pair and returns the results.'),
  f('$error(message)', 'Raises an error with the message (the state fails with `States.QueryEvaluationError`).'),
  f('$assert(condition, message)', 'Raises an error with the message when the condition is false.'),
  f('$type(value)', 'The type of a value: "null", "number", "string", "boolean", "array", "object" or "function".'),
  f('$clone(value)', 'A deep copy of a value.'),
  // encoding
  f('$encodeUrlComponent(str)', 'Percent-encodes a URL component.'),
  f('$encodeUrl(str)', 'Percent-encodes a whole URL.'),
  f('$decodeUrlComponent(str)', 'Decodes a percent-encoded URL component.'),
  f('$decodeUrl(str)', 'Decodes a percent-encoded URL.'),
  f('$base64encode(str)', 'Encodes a string as Base64.'),
  f('$base64decode(str)', 'Decodes a Base64 string.'),
  // dates
  f('$now([picture[, timezone]])', 'The time the expression started to evaluate, as an ISO 8601 timestamp (or formatted with a picture).'),
  f('$millis()', 'The time the expression started to evaluate, in milliseconds since the Unix epoch.'),
  f('$fromMillis(number[, picture[, timezone]])', 'Formats milliseconds since the epoch as a timestamp.'),
  f('$toMillis(timestamp[, picture])', 'Parses a timestamp into milliseconds since the epoch.'),
  // Step Functions additions
  f('$partition(array, size)', 'Splits an array into chunks of `size` items (the last may be shorter).', true),
  f('$range(start, end, step)', 'The numbers from `start` to `end` (inclusive) by `step`.', true),
  f('$hash(value, algorithm)', 'The hex hash of a value with "MD5", "SHA-1", "SHA-256", "SHA-384" or "SHA-512".', true),
  f('$uuid()', 'A random version 4 UUID.', true),
  f('$parse(jsonString)', 'Parses a JSON string into the value it holds (Step Functions has no `$eval`).', true),
];

export const JSONATA_FUNCTIONS_BY_NAME: ReadonlyMap<string, JsonataFunction> = new Map(JSONATA_FUNCTION_DOCS.map((d) => [d.name, d]));
