export * from './client';
export * from './envelope';
export * from './errors';
export * from './studio-api';
export * from './wire';
export * from './bridge';
