// Public API of the config module (docs/behaviour.md §1); others code against these names.
export { parseConfig, isLoopbackHost, type LoadResult } from './validate';
export { applyConfigEdit } from './edit';
export { STARTER_CONFIG } from './starter';
export { ConfigStore, type ConfigStoreOptions } from './store';
export { upstreamLines } from './edit-blocks';
