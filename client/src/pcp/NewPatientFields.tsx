import type { Dispatch, SetStateAction } from 'react';
import { SelectField, TextField } from '../ui/Field';

const SEXES = [
  { value: 'female', label: 'Female' },
  { value: 'male', label: 'Male' },
  { value: 'other', label: 'Other' },
  { value: 'unknown', label: 'Unknown' },
];

export interface NewPatientDraft {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: string;
  state: string;
}

/** The new patient's identity, typed into the request form. */
export function NewPatientFields({
  newPatient,
  setNewPatient,
  fieldError,
}: {
  newPatient: NewPatientDraft;
  setNewPatient: Dispatch<SetStateAction<NewPatientDraft>>;
  fieldError(field: string): string | undefined;
}) {
  return (
    <fieldset className="choices">
      <legend>New patient</legend>
      <div className="form-row">
        <TextField
          label="First name"
          required
          value={newPatient.givenName}
          onChange={(e) =>
            setNewPatient({ ...newPatient, givenName: e.target.value })
          }
          error={fieldError('patient.givenName')}
          autoComplete="off"
        />
        <TextField
          label="Last name"
          required
          value={newPatient.familyName}
          onChange={(e) =>
            setNewPatient({ ...newPatient, familyName: e.target.value })
          }
          error={fieldError('patient.familyName')}
          autoComplete="off"
        />
        <TextField
          label="Date of birth"
          type="date"
          required
          value={newPatient.birthDate}
          onChange={(e) =>
            setNewPatient({ ...newPatient, birthDate: e.target.value })
          }
          error={fieldError('patient.birthDate')}
        />
        <SelectField
          label="Sex"
          value={newPatient.sex}
          onChange={(e) =>
            setNewPatient({ ...newPatient, sex: e.target.value })
          }
          options={SEXES}
        />
        <TextField
          label="State of residence"
          required
          maxLength={2}
          hint="Two letters, such as MA"
          value={newPatient.state}
          onChange={(e) =>
            setNewPatient({
              ...newPatient,
              state: e.target.value.toUpperCase(),
            })
          }
          error={fieldError('patient.state')}
        />
      </div>
    </fieldset>
  );
}
