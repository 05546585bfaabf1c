import type { HostDocument } from './types';

/** A YAML template's host document (the YAML front-end fills the tree). */
export function yamlHost(_text: string): HostDocument | undefined {
  return undefined;
}
