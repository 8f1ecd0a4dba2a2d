import type { z } from 'zod';
import type {
  newPatientSchema,
  patientSchema,
} from '../../../signaling/protocol/rest/patients';
import { api } from './api-client';

export type Patient = z.infer<typeof patientSchema>;
export type NewPatient = z.input<typeof newPatientSchema>;

export const patientsApi = {
  list: () =>
    api.get<{ patients: Patient[] }>('/api/patients').then((r) => r.patients),
  create: (p: NewPatient) => api.post<Patient>('/api/patients', p),
  get: (id: string) => api.get<Patient>(`/api/patients/${id}`),
};

export const patientName = (p: Pick<Patient, 'givenName' | 'familyName'>) =>
  `${p.givenName} ${p.familyName}`;
