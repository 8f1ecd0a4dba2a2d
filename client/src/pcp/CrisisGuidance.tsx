/** Shown the moment a request is flagged as an emergency: this program is not a crisis line. */
export function CrisisGuidance({ text }: { text?: string | null }) {
  return (
    <div className="notice notice-danger" role="alert">
      {text ?? (
        <>
          <strong>If the patient is in immediate danger, call 911 now.</strong>{' '}
          For a mental health crisis, the patient or family can call or text 988
          (Suicide & Crisis Lifeline). Your request goes to the top of the line
          and a coordinator is alerted.
        </>
      )}
    </div>
  );
}
