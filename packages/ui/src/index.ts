// Server-component friendly: nothing here uses client-only hooks (useId is allowed on the server).
export * from './components/app-shell';
export * from './components/button';
export * from './components/text-field';
export * from './components/card';
export * from './components/status-badge';
export * from './components/empty-state';
export * from './components/alert';
export * from './components/page-header';
export { cx } from './components/class-names';
