/**
 * CloudFormation's short-form intrinsic tags and the long form each stands for: `!Sub x` is
 * `{ "Fn::Sub": x }`, `!Ref x` is `{ "Ref": x }`, `!Condition x` is `{ "Condition": x }`.
 * Source: AWS CloudFormation User Guide, "Intrinsic function reference" (each function's
 * "Short form" section, e.g. `!GetAtt logicalNameOfResource.attributeName`).
 */
export const SHORT_FORM_TAGS: ReadonlyMap<string, string> = new Map([
  ['!Ref', 'Ref'],
  ['!Condition', 'Condition'],
  ...[
    'Sub',
    'GetAtt',
    'Join',
    'If',
    'Select',
    'Base64',
    'FindInMap',
    'ImportValue',
    'Split',
    'GetAZs',
    'Equals',
    'And',
    'Or',
    'Not',
    'Cidr',
    'Length',
    'ToJsonString',
    'Transform',
  ].map((name): [string, string] => [`!${name}`, `Fn::${name}`]),
]);

/** The long form's key for a tag, or undefined when it is no CloudFormation short form. */
export function longFormOf(tag: string | undefined): string | undefined {
  return tag === undefined ? undefined : SHORT_FORM_TAGS.get(tag);
}
