/**
 * The broadcast composer: audience (with the live count and exclusions) → message → confirmation
 * with the exact numbers → live progress with pause and cancel.
 */
import { Button, Card, H3, Intent, Tab, Tabs } from '@blueprintjs/core';
import { useState } from 'react';
import { useClinic } from '../../lib/ClinicContext';
import { useDebounced } from '../../lib/useDebounced';
import { instantFrom } from '../../lib/date-fields';
import { useWhere } from '../../lib/useWhere';
import { formatDateTime } from '../../../../shared/datetime';
import { issuesByPath } from '../../forms/issues';
import { AudienceBuilder } from './AudienceBuilder';
import { AudienceSummary } from './AudienceSummary';
import { MessageStep, type MessagePlan } from './MessageStep';
import { ConfirmStep } from './ConfirmStep';
import { BroadcastProgressView } from './BroadcastProgressView';
import { audienceProblems, emptyAudience, recipients, type AudienceFilter } from './broadcast-model';
import { useAudienceCount, useStartBroadcast, useTemplateOptions, type RecipientListQuery } from './broadcast-calls';
import { SavedAudiences } from './SavedAudiences';
import { RecipientList } from './RecipientList';

type Step = 'audience' | 'message' | 'confirm';

const initialPlan: MessagePlan = { name: '', templateId: null, policy: { channel: null }, schedule: { kind: 'now' }, emergency: false };

function planProblems(plan: MessagePlan, zone: string, now: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!plan.name.trim()) out.name = 'Give the broadcast a name';
  if (plan.templateId === null) out.templateId = 'Choose a template';
  if (plan.schedule.kind === 'at') {
    const at = instantFrom(plan.schedule.date, plan.schedule.time, zone);
    if (at === null) out.schedule = 'Enter a date and a time';
    else if (at <= now) out.schedule = 'That time has passed';
  }
  return out;
}

export function BroadcastComposer({ onStarted }: { onStarted?(id: number): void }) {
  const { settings } = useClinic();
  const where = useWhere();
  const [step, setStep] = useState<Step>('audience');
  const [audience, setAudience] = useState<AudienceFilter>(emptyAudience);
  const [plan, setPlan] = useState<MessagePlan>(initialPlan);
  const [planErrors, setPlanErrors] = useState<Record<string, string>>({});
  const [started, setStarted] = useState<{ id: number; name: string } | null>(null);
  const templates = useTemplateOptions();
  const start = useStartBroadcast();

  const audienceErrors = audienceProblems(audience);
  const settledAudience = useDebounced(audience, 300);
  const template = templates.value?.find((t) => t.id === plan.templateId);
  const [listQuery, setListQuery] = useState<RecipientListQuery>({ search: '', outcome: null, offset: 0 });
  const settledList = useDebounced(listQuery, 200);
  const count = useAudienceCount(
    settledAudience,
    plan.policy,
    plan.emergency,
    template?.purpose ?? 'transactional',
    Object.keys(audienceProblems(settledAudience)).length === 0 && !started,
    plan.templateId,
    settledList,
  );
  const messageErrors = { ...planErrors, ...issuesByPath(start.error) };
  const scheduledAt = plan.schedule.kind === 'at' ? instantFrom(plan.schedule.date, plan.schedule.time, settings.timeZone) : null;
  const scheduleText = scheduledAt === null ? 'Now' : `At ${formatDateTime(scheduledAt, where)}`;

  if (started) return <BroadcastProgressView broadcastId={started.id} name={started.name} />;

  const goMessage = () => {
    if (Object.keys(audienceErrors).length) return;
    setStep('message');
  };
  const goConfirm = () => {
    const problems = planProblems(plan, settings.timeZone, Date.now());
    setPlanErrors(problems);
    if (Object.keys(problems).length) return;
    start.clearError();
    setStep('confirm');
  };
  const confirm = async () => {
    const id = await start.submit(plan, audience, scheduledAt, template?.purpose ?? 'marketing');
    if (id !== undefined) {
      setStarted({ id, name: plan.name });
      onStarted?.(id);
    }
  };

  return (
    <div data-testid="broadcast-composer">
      <H3>New broadcast</H3>
      <Tabs id="broadcast-steps" selectedTabId={step} onChange={(id) => (id === 'audience' ? setStep('audience') : id === 'message' ? goMessage() : goConfirm())}>
        <Tab id="audience" title="1 · Audience" data-testid="step-audience" />
        <Tab id="message" title="2 · Message" disabled={Object.keys(audienceErrors).length > 0} data-testid="step-message" />
        <Tab id="confirm" title="3 · Confirm" disabled={step === 'audience'} data-testid="step-confirm" />
      </Tabs>
      <div className="fd-broadcast-grid">
        <Card>
          {step === 'audience' && (
            <>
              <SavedAudiences value={audience} onLoad={setAudience} />
              <AudienceBuilder value={audience} onChange={setAudience} errors={audienceErrors} />
              <Button intent={Intent.PRIMARY} rightIcon="arrow-right" text="Next: message" onClick={goMessage} disabled={Object.keys(audienceErrors).length > 0} data-testid="audience-next" />
            </>
          )}
          {step === 'message' && (
            <>
              <MessageStep value={plan} onChange={setPlan} templates={templates.value} errors={messageErrors} />
              <div className="fd-row fd-gap-top">
                <Button icon="arrow-left" text="Back" onClick={() => setStep('audience')} />
                <Button intent={Intent.PRIMARY} rightIcon="arrow-right" text="Review" onClick={goConfirm} data-testid="message-next" />
              </div>
            </>
          )}
          {step === 'confirm' && count.value && (
            <ConfirmStep
              name={plan.name}
              templateName={template?.name ?? '—'}
              purpose={template?.purpose ?? 'marketing'}
              count={count.value}
              channels={count.preview?.channels ?? []}
              scheduleText={scheduleText}
              emergency={plan.emergency}
              submitting={start.submitting || count.loading}
              error={start.error}
              onBack={() => setStep('message')}
              onConfirm={() => void confirm()}
            />
          )}
          {step === 'confirm' && !count.value && <AudienceSummary count={undefined} loading={count.loading} error={count.error} />}
        </Card>
        {step !== 'confirm' && (
          <Card>
            <AudienceSummary count={count.value} loading={count.loading} error={count.error} />
            {count.value && recipients(count.value) === 0 && count.value.matched > 0 && <p className="fd-muted">Everyone matching is held or excluded; see why above.</p>}
            {count.preview?.recipients && <RecipientList page={count.preview.recipients} query={listQuery} onQuery={setListQuery} />}
          </Card>
        )}
      </div>
    </div>
  );
}
