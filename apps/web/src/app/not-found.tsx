import { ButtonLink, Card } from '@virtual-care/ui';

export default function NotFound() {
  return (
    <main className="vc-center" id="main">
      <Card>
        <div className="vc-card__body vc-stack">
          <h1>Page not found</h1>
          <p>The address may be mistyped, or the page has moved.</p>
          <ButtonLink href="/">Go to your home page</ButtonLink>
        </div>
      </Card>
    </main>
  );
}
