import type { ReactNode } from 'react';
import { sentenceFor } from '../api/api-error';

/** An error as a sentence, announced to screen readers the moment it appears. */
export function ErrorNotice({
  error,
  children,
}: {
  error?: unknown;
  children?: ReactNode;
}) {
  if (!error && !children) return null;
  return (
    <div className="notice notice-error" role="alert">
      {children ?? sentenceFor(error)}
    </div>
  );
}

export function Notice({
  tone = 'info',
  children,
  live,
}: {
  tone?: 'info' | 'success' | 'warning' | 'danger';
  children: ReactNode;
  live?: boolean;
}) {
  return (
    <div className={`notice notice-${tone}`} role={live ? 'status' : undefined}>
      {children}
    </div>
  );
}
