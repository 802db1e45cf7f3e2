export * from './domain-metrics';
export * from './http-metrics';
export * from './metrics.env';
export * from './metrics-server';
export * from './route-template';
export * from './web-metrics';
export { startAccessLog, type AccessLogOptions } from '../logging/access-log';
export { requestIdFrom } from '../edge/request-id';
