/** The YAML front-end: YAML text (or one node of a YAML document) into the one Tree. */
export { parseYamlDocument } from './document';
export { treeFromYaml, YAML_OPTIONS } from './tree';
export { yamlStringOffsets } from './strings';
export { longFormOf, SHORT_FORM_TAGS } from './tags';
export { treeToJson, treeToYaml, yamlNodeOf } from './emit';
export { plainOrQuoted, yamlEdits, yamlNameRange, type Edit } from './edits';
export { formatYaml } from './format';
export { convertDefinition, convertParsed, type ConvertResult } from './convert';
export { completeYaml } from './complete';
