/** Server and shared-type tests run against the real engine (see tests/helpers/global-setup.ts). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/tests/server/**/*.test.ts', '**/tests/client/**/*.test.ts', '**/tests/e2e/**/*.test.ts', '**/tests/weapp/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }],
    // Agenda 6 and its backend ship ESM only; Node 20 loads them natively, jest's module system needs CommonJS.
    '^.+/node_modules/(agenda|@agendajs|cron-parser)/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(agenda|@agendajs|cron-parser)/)'],
  // Client files with a per-platform twin (Taro picks `.h5.ts` / `.weapp.ts`): jest, like a browser, takes H5's.
  moduleNameMapper: { '^\\./en-loader$': '<rootDir>/client/i18n/en-loader.h5.ts' },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
};
