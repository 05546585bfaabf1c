/** The entry point of dist/debug-adapter.js: the adapter on this process's stdio. */
import { startDebugAdapter } from './main';

startDebugAdapter();
