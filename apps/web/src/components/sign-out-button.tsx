import { Button, type ButtonVariant } from '@virtual-care/ui';
import { signOutAction } from '../server/sign-out.action';

/** A form posting to a server action: signs out with or without JavaScript. */
export function SignOutButton({ variant = 'ghost' }: { variant?: ButtonVariant }) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant} size="small">
        Sign out
      </Button>
    </form>
  );
}
