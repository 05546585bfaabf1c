// asl-validator ships no typings; the benchmark only needs its one entry point.
declare module 'asl-validator' {
  interface AslValidatorResult {
    isValid: boolean;
    errors: { message?: string }[];
  }
  function aslValidator(definition: unknown, options?: { checkPaths?: boolean; checkArn?: boolean }): AslValidatorResult;
  export = aslValidator;
}
