// Used by the start and test commands after seeding (README, "Demo mode"):
//   DATABASE_URL=... DEMO_JITSI_URL=... DEMO_JITSI_APP_ID=... DEMO_JITSI_JWT_SECRET=... \
//   SECRET_STORE_MASTER_KEY=... tsx src/demo/configure-demo-video.cli.ts
import { configureDemoVideo } from './configure-demo-video';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

configureDemoVideo({
  databaseUrl: required('DATABASE_URL'),
  jitsiServerUrl: required('DEMO_JITSI_URL'),
  jitsiJwtAppId: required('DEMO_JITSI_APP_ID'),
  jitsiJwtSecret: required('DEMO_JITSI_JWT_SECRET'),
  masterKeyEnv: process.env,
})
  .then((result) => console.log(`demo video backend: ${result}`))
  .catch((error: unknown) => {
    console.error(`demo video backend: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
