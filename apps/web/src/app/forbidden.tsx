import { Alert, ButtonLink, Card } from '@virtual-care/ui';
import { SignOutButton } from '../components/sign-out-button';

/** Rendered with status 403 by forbidden(): signed in, but this area is not for your role. */
export default function Forbidden() {
  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <h1>You do not have access to this page</h1>
          <Alert tone="warning" announce={false}>
            Your account cannot open this part of Virtual Care. If you think it should, ask your
            clinic&apos;s administrator.
          </Alert>
          <div style={{ display: 'flex', gap: 'var(--vc-space-3)', flexWrap: 'wrap' }}>
            <ButtonLink href="/">Go to your home page</ButtonLink>
            <SignOutButton variant="secondary" />
          </div>
        </div>
      </Card>
    </main>
  );
}
