import type { AnchorHTMLAttributes, ButtonHTMLAttributes } from 'react';
import { cx } from './class-names';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost';

interface ButtonStyleProps {
  variant?: ButtonVariant;
  size?: 'medium' | 'small';
  block?: boolean;
}

function buttonClass(
  { variant = 'primary', size = 'medium', block }: ButtonStyleProps,
  extra?: string,
) {
  return cx(
    'vc-button',
    `vc-button--${variant}`,
    size === 'small' && 'vc-button--small',
    block && 'vc-button--block',
    extra,
  );
}

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & ButtonStyleProps;

/** A native button (type="button" unless told otherwise, so it never submits a form by accident). */
export function Button({ variant, size, block, className, type = 'button', ...rest }: ButtonProps) {
  return (
    <button type={type} className={buttonClass({ variant, size, block }, className)} {...rest} />
  );
}

export type ButtonLinkProps = AnchorHTMLAttributes<HTMLAnchorElement> &
  ButtonStyleProps & { href: string };

/** A link that looks like a button (navigation stays a link for assistive tech). */
export function ButtonLink({ variant, size, block, className, ...rest }: ButtonLinkProps) {
  return <a className={buttonClass({ variant, size, block }, className)} {...rest} />;
}
