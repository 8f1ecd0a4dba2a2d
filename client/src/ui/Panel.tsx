import { useId, type ReactNode } from 'react';

/** A titled region of a screen; the heading names the landmark for screen-reader navigation. */
export function Panel({
  title,
  actions,
  children,
  level = 2,
  className,
}: {
  title: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  level?: 2 | 3;
  className?: string;
}) {
  const id = useId();
  const H = level === 2 ? 'h2' : 'h3';
  return (
    <section
      className={`panel${className ? ` ${className}` : ''}`}
      aria-labelledby={id}
    >
      <header className="panel-head">
        <H id={id}>{title}</H>
        {actions ? <div className="panel-actions">{actions}</div> : null}
      </header>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
