// `@virtual-care/db/test-support`: what other packages' tests and benchmarks may use besides the Database.
export {
  createFixtureDatabase,
  openSqlPool,
  type FixtureDatabase,
  type SqlPool,
} from './fixture-database';
