/** Search box and filters above the conversation list. */
import { Button, ButtonGroup, HTMLSelect, InputGroup } from '@blueprintjs/core';
import type { RefObject } from 'react';
import type { Channel } from '../../../../shared/domain';
import { CHANNEL_LABEL } from './ChannelIcon';
import type { ListFilter } from './useConversationList';

/**
 * Every channel: CHANNEL_LABEL is typed to hold each one. Read from there rather than from
 * shared/domain's list, which would load zod and the domain schemas before the inbox's first paint.
 */
const FILTER_CHANNELS = Object.keys(CHANNEL_LABEL) as Channel[];

interface Props {
  filter: ListFilter;
  search: string;
  searchRef: RefObject<HTMLInputElement | null>;
  onFilter(filter: ListFilter): void;
  onSearch(text: string): void;
  /** Esc or Enter in the search box hands the keyboard back to the list. */
  onLeaveSearch(): void;
}

export function InboxFilters({ filter, search, searchRef, onFilter, onSearch, onLeaveSearch }: Props) {
  return (
    <div className="fd-inbox-filters">
      <InputGroup
        inputRef={searchRef}
        leftIcon="search"
        type="search"
        placeholder="Name, phone or words  ( / )"
        aria-label="Search by patient name, phone number or message text"
        value={search}
        data-testid="inbox-search"
        onChange={(e) => onSearch(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Enter' || e.key === 'ArrowDown') {
            e.preventDefault();
            onLeaveSearch();
          }
        }}
      />
      <div className="fd-inbox-filter-row">
        <ButtonGroup>
          <Button
            size="small"
            text="Unread"
            active={Boolean(filter.unread)}
            aria-pressed={Boolean(filter.unread)}
            onClick={() => onFilter({ ...filter, unread: !filter.unread })}
            data-testid="filter-unread"
          />
          <Button
            size="small"
            text="Mine"
            active={Boolean(filter.assignedToMe)}
            aria-pressed={Boolean(filter.assignedToMe)}
            onClick={() => onFilter({ ...filter, assignedToMe: !filter.assignedToMe })}
            data-testid="filter-mine"
          />
        </ButtonGroup>
        <HTMLSelect
          minimal
          aria-label="Channel"
          value={filter.channel ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            const { channel: _drop, ...rest } = filter;
            onFilter(value ? { ...rest, channel: value as Channel } : rest);
          }}
          options={[{ value: '', label: 'All channels' }, ...FILTER_CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))]}
          data-testid="filter-channel"
        />
        <HTMLSelect
          minimal
          aria-label="Status"
          value={search.trim() ? 'all' : (filter.status ?? 'open')}
          disabled={search.trim() !== ''}
          title={search.trim() ? 'A search looks through every conversation, whatever its status' : undefined}
          onChange={(e) => onFilter({ ...filter, status: e.currentTarget.value as NonNullable<ListFilter['status']> })}
          options={[
            { value: 'open', label: 'Open' },
            { value: 'snoozed', label: 'Snoozed' },
            { value: 'resolved', label: 'Resolved' },
            { value: 'all', label: 'All' },
          ]}
          data-testid="filter-status"
        />
      </div>
    </div>
  );
}
