export { StateStore } from './store';
export type { StateStoreOptions } from './store';
export { validatePersistedState, StateShapeError } from './validate';
