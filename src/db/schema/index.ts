export * from './people.js';
export * from './catalog.js';
export * from './sales.js';
export * from './crm.js';
export * from './bot.js';
export * from './snapshots.js';
export * from './rollups.js';
export * from './targets.js';
