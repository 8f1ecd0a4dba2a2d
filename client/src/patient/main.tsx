import '../zod-without-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PatientVisitApp } from './PatientVisitApp';
import './patient.css';

// The patient/guardian/interpreter page: its own small bundle, no clinician code.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PatientVisitApp />
  </StrictMode>,
);
