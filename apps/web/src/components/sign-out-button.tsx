import { Button, type ButtonVariant } from '@virtual-care/ui';
import { signOutAction } from '../server/sign-out.action';

/** A form posting to a server action: signs out with or without JavaScript. */
export function SignOutButton({
  variant = 'ghost',
  label,
}: {
  variant?: ButtonVariant;
  /** "Sign out", in the page's language (common.signOut). */
  label: string;
}) {
  return (
    <form action={signOutAction}>
      <Button type="submit" variant={variant} size="small">
        {label}
      </Button>
    </form>
  );
}
