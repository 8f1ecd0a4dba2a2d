import { useState, type FormEvent } from 'react';
import { visitsApi } from '../api/visits-api';
import { Button } from '../ui/Button';
import { ChoiceGroup } from '../ui/Field';
import { ErrorNotice, Notice } from '../ui/Notice';

const PLACES = [
  { value: 'home', label: 'At home (POS 10)' },
  { value: 'elsewhere', label: 'Somewhere else (POS 02)' },
] as const;
const SERVICES = [
  { value: 'diagnostic_evaluation', label: 'Diagnostic evaluation (90791)' },
  {
    value: 'diagnostic_evaluation_medical',
    label: 'Diagnostic evaluation with medical services (90792)',
  },
  { value: 'evaluation_management', label: 'E/M by time' },
] as const;
const FACTORS = [
  {
    value: 'guardian_interference',
    label: "A parent's or guardian's behavior interfered",
  },
  { value: 'interpreter', label: 'An interpreter took part' },
] as const;

/**
 * The psychiatrist confirms what the visit's telehealth line needs: where the
 * patient was, which service was given, any interactive complexity. The line
 * is coded by the server (codeVisit) from the call's own time.
 */
export function VisitBillingForm({ visitId }: { visitId: string }) {
  const [place, setPlace] = useState<string[]>([]);
  const [service, setService] = useState<string[]>([]);
  const [factors, setFactors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await visitsApi.attestBilling(visitId, {
        patientLocation: place[0] as 'home' | 'elsewhere',
        service: service[0]!,
        interactiveComplexity: factors,
      });
      setSaved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label="Confirm the visit for billing">
      <h3>For billing</h3>
      <ChoiceGroup
        legend="Where was the patient?"
        type="radio"
        name="visit-place"
        options={PLACES}
        value={place}
        onChange={setPlace}
      />
      <ChoiceGroup
        legend="Service given"
        type="radio"
        name="visit-service"
        options={SERVICES}
        value={service}
        onChange={setService}
      />
      <ChoiceGroup
        legend="Interactive complexity (documented)"
        type="checkbox"
        name="visit-complexity"
        options={FACTORS}
        value={factors}
        onChange={setFactors}
      />
      <ErrorNotice error={error} />
      {saved ? (
        <Notice tone="success" live>
          Confirmed; the billing line follows the call's time.
        </Notice>
      ) : null}
      <Button
        type="submit"
        disabled={!place.length || !service.length}
        busy={busy}
      >
        Confirm for billing
      </Button>
    </form>
  );
}
