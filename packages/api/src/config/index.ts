export * from './env-schema';
export * from './load-env';
export * from './api.env';
