import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { cx } from './class-names';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'children'> {
  label: ReactNode;
  name: string;
  description?: ReactNode;
  error?: ReactNode;
}

/**
 * A labelled input. Description and error are tied to it with aria-describedby
 * and aria-invalid, so a screen reader reads them when the field gets focus.
 */
export function TextField({
  label,
  description,
  error,
  id,
  className,
  type = 'text',
  ...input
}: TextFieldProps) {
  const generated = useId();
  const inputId = id ?? `field-${generated}`;
  const descriptionId = description ? `${inputId}-description` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cx('vc-field', className)}>
      <label className="vc-field__label" htmlFor={inputId}>
        {label}
      </label>
      {description ? (
        <span className="vc-field__description" id={descriptionId}>
          {description}
        </span>
      ) : null}
      <input
        id={inputId}
        type={type}
        className="vc-field__input"
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {error ? (
        <span className="vc-field__error" id={errorId}>
          {error}
        </span>
      ) : null}
    </div>
  );
}
