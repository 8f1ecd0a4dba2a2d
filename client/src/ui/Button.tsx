import type { ComponentProps } from 'react';

export interface ButtonProps extends ComponentProps<'button'> {
  variant?: 'primary' | 'secondary' | 'danger' | 'accept' | 'quiet';
  /** Shows the busy label and blocks double submits while a request runs. */
  busy?: boolean;
  busyLabel?: string;
  size?: 'normal' | 'large';
}

export function Button({
  variant = 'secondary',
  busy,
  busyLabel,
  size = 'normal',
  children,
  disabled,
  className,
  type = 'button',
  ...rest
}: ButtonProps) {
  return (
    <button
      type={type}
      className={`btn btn-${variant}${size === 'large' ? ' btn-large' : ''}${className ? ` ${className}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy ? (busyLabel ?? 'Working…') : children}
    </button>
  );
}
