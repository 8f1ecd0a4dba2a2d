/** A problem the person must read, announced by screen readers as it appears. */
export function FormError({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" className="visit-error">
      {text}
    </p>
  ) : null;
}
