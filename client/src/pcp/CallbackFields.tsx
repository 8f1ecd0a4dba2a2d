import { ChoiceGroup, TextField } from '../ui/Field';

/** How the psychiatrist reaches the PCP back: video or phone, and a number. */
export function CallbackFields({
  method,
  onMethod,
  phone,
  onPhone,
  fieldError,
}: {
  method: 'video' | 'phone';
  onMethod(m: 'video' | 'phone'): void;
  phone: string;
  onPhone(p: string): void;
  fieldError(field: string): string | undefined;
}) {
  return (
    <>
      <ChoiceGroup
        legend="How should the psychiatrist reach you?"
        type="radio"
        name="callback"
        options={[
          { value: 'video', label: 'Video in this app' },
          { value: 'phone', label: 'Phone call' },
        ]}
        value={[method]}
        onChange={(v) => onMethod(v[0] as 'video' | 'phone')}
        error={fieldError('callback')}
      />
      <TextField
        label="Callback phone number"
        type="tel"
        required={method === 'phone'}
        autoComplete="tel"
        hint={
          method === 'phone'
            ? 'With country code, such as +16175550100'
            : 'Optional: where to reach you if video fails, with country code'
        }
        value={phone}
        onChange={(e) => onPhone(e.target.value)}
        error={fieldError('callback.phone')}
      />
    </>
  );
}
