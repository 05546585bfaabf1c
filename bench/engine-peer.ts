/**
 * aws-local-stepfunctions 3.0.0, the peer of the dry-run benchmark. It declares Node >= 22 and
 * calls `Promise.withResolvers` (Node 22) in every Task state, so on Node 20 it gets a small
 * polyfill, installed before the package is loaded.
 */
import type { StateMachine } from 'aws-local-stepfunctions';

export type PeerStateMachine = StateMachine;
export type PeerStateMachineClass = typeof StateMachine;

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

/** `Promise.withResolvers` as ES2024 defines it: on `this` (a Promise subclass keeps its class), non-enumerable. */
export function installWithResolvers(): void {
  if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

/** The package's StateMachine class, the polyfill installed first. */
export function loadPeer(): PeerStateMachineClass {
  installWithResolvers();
  return (require('aws-local-stepfunctions') as { StateMachine: PeerStateMachineClass }).StateMachine;
}
