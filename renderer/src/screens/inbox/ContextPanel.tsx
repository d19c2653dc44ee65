/**
 * Beside the thread (toggle with i): who the conversation is about — each household member
 * with their next appointment (confirmation and reminders), consent and opt-outs per channel,
 * language, last visit and a link to the profile. Read from `inbox.context`, refreshed when
 * patients, appointments or the conversation change.
 */
import { Button, Callout, H4, Intent, NonIdealState, Spinner } from '@blueprintjs/core';
import { LightTag } from './LightTag';
import { formatCalendarDate, formatDate, formatDateTime } from '../../../../shared/datetime';
import type { ContextPatient } from '../../../../shared/contract/inbox-context';
import { useQuery } from '../../ipc/useQuery';
import { useWhere } from '../../lib/useWhere';
import { useClinic } from '../../lib/ClinicContext';
import { formatPhone } from '../../lib/phone-format';
import { CHANNEL_LABEL } from './ChannelIcon';
import { channelState, confirmationText, languageName, reminderText } from './context-words';

interface Props {
  conversationId: number;
  onClose(): void;
}

export function ContextPanel({ conversationId, onClose }: Props) {
  const query = useQuery('inbox.context', { conversationId }, { refreshOn: ['patients.changed', 'appointments.changed', 'conversation.updated'] });
  const patients = query.value?.patients;
  return (
    <aside className="fd-context" aria-label="About this conversation" data-testid="context-panel">
      <div className="fd-context-head">
        <H4>About</H4>
        <Button variant="minimal" size="small" icon="cross" aria-label="Hide the details panel (i)" title="Hide (i)" onClick={onClose} />
      </div>
      {query.error && <Callout intent={Intent.DANGER}>The details could not be loaded: {query.error.message}</Callout>}
      {!patients && !query.error && <Spinner size={20} />}
      {patients && patients.length === 0 && <NonIdealState icon="person" title="Unknown sender" description="No patient has this address. Add it to a patient’s profile to link them." />}
      {patients?.map((p) => (
        <PatientCard key={p.id} patient={p} />
      ))}
    </aside>
  );
}

function PatientCard({ patient: p }: { patient: ContextPatient }) {
  const where = useWhere();
  const { settings } = useClinic();
  const at = (instant: number) => formatDateTime(instant, where);
  const a = p.nextAppointment;
  return (
    <section className="fd-context-card" data-testid="context-patient" aria-label={p.name}>
      <div className="fd-context-name">
        <a href={`#/patients/${p.id}`} data-testid="context-profile-link" title="Open the profile">
          {p.name}
        </a>
        {p.archived && <LightTag>archived</LightTag>}
      </div>
      <dl className="fd-context-facts">
        {p.dateOfBirth && (
          <>
            <dt>Born</dt>
            <dd>{formatCalendarDate(p.dateOfBirth, where.locale)}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd data-testid="context-language">{languageName(p.language)}</dd>
        <dt>Last visit</dt>
        <dd>{p.lastVisitAt !== null ? formatDate(p.lastVisitAt, where) : 'None recorded'}</dd>
      </dl>
      <div className="fd-context-section" data-testid="context-appointment">
        <strong>Next appointment</strong>
        {a ? (
          <>
            <div>
              {at(a.startsAt)} · {a.clinician}
              {a.location ? ` · ${a.location}` : ''}
            </div>
            <LightTag intent={a.status === 'confirmed' ? Intent.SUCCESS : Intent.WARNING} data-testid="context-confirmation">
              {confirmationText(a, at)}
            </LightTag>
            {a.reminders.length === 0 ? (
              <div className="fd-muted">No reminder sent yet</div>
            ) : (
              <ul className="fd-context-reminders">
                {a.reminders.map((r, i) => (
                  <li key={i} data-testid="context-reminder">
                    {reminderText(r)} · {at(r.at)}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <div className="fd-muted">None booked</div>
        )}
      </div>
      <div className="fd-context-section">
        <strong>Channels</strong>
        <ul className="fd-context-channels">
          {p.channels
            .filter((c) => c.address !== null || c.transactional !== null)
            .map((c) => {
              const state = channelState(c);
              return (
                <li key={c.channel} data-testid="context-channel" data-channel={c.channel} data-ok={state.ok}>
                  <span className="fd-context-channel-name">{CHANNEL_LABEL[c.channel]}</span>
                  <span className="fd-muted">{c.address ? (c.channel === 'email' ? c.address : formatPhone(c.address, settings.defaultCountry)) : ''}</span>
                  <LightTag intent={state.ok ? Intent.NONE : Intent.DANGER} icon={state.ok ? undefined : 'disable'}>
                    {state.text}
                  </LightTag>
                </li>
              );
            })}
        </ul>
      </div>
    </section>
  );
}
