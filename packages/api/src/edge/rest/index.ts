export * from './rest.handler';
export * from './rest-error';
export * from '../bearer-auth';
export * from './openapi-document';
export * from './virtual-care.client';
