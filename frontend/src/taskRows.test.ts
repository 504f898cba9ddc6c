import { beforeEach, describe, expect, it } from 'vitest';
import { showTaskRows, taskRow } from './taskRows';
import { task } from './sampleTasks';

const links = { task: '/ctx/tasks/', executor: '/ctx/executors/' };
const now = Date.parse('2025-05-04T10:15:10Z');

describe('taskRow', () => {
  it('draws a task as the server\'s table does', () => {
    const row = taskRow(task({
      id: 't1-3', phase: 'SUCCEEDED', agentId: 'a1', executorId: 'ferry-executor', attempts: 1,
      launched: '2025-05-04T10:15:01Z', started: '2025-05-04T10:15:02Z', finished: '2025-05-04T10:15:02.250Z',
    }), links, now);
    const cells = [...row.children] as HTMLTableCellElement[];

    expect(cells).toHaveLength(10);
    expect(cells[0].querySelector('a')!.getAttribute('href')).toBe('/ctx/tasks/t1-3');
    expect(cells[0].textContent).toBe('t1-3');
    expect(cells[1].textContent).toBe('sample-hello');
    expect(cells[2].className).toBe('state-SUCCEEDED');
    expect(cells[2].textContent).toBe('SUCCEEDED');
    expect(cells[3].textContent).toBe('a1');
    expect(cells[4].querySelector('a')!.getAttribute('href')).toBe('/ctx/executors/ferry-executor?agent=a1');
    expect(cells[5].textContent).toBe('1');
    const submitted = cells[6].querySelector('time')!;
    expect(submitted.textContent).toBe('10 s ago');
    expect(submitted.getAttribute('datetime')).toBe('2025-05-04T10:15:00Z');
    expect(submitted.title).toBe('2025-05-04 10:15:00.000 UTC');
    expect(cells.slice(7).map((c) => c.textContent)).toEqual(['1.0 s', '250 ms', '2.3 s']);
  });

  it('puts what the API says in as text, never as markup', () => {
    const row = taskRow(task({ id: 'x"><img src=x onerror=alert(1)>', name: '<b>bold</b>' }), links, now);

    expect(row.querySelector('img, b')).toBeNull();
    expect(row.children[1].textContent).toBe('<b>bold</b>');
    expect(row.children[0].querySelector('a')!.getAttribute('href'))
      .toBe('/ctx/tasks/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(row.children[4].children).toHaveLength(0);
  });
});

describe('showTaskRows', () => {
  let body: HTMLTableSectionElement;

  beforeEach(() => {
    document.body.innerHTML = '<table><tbody><tr data-empty><td colspan="10">No tasks here.</td></tr></tbody></table>';
    body = document.querySelector('tbody')!;
  });

  it('replaces, adds and removes rows to match the list, and leaves rows that did not change', () => {
    expect(showTaskRows(body, [task({ id: 'a' }), task({ id: 'b' })], links, now)).toBe(2);
    const first = body.children[0];

    expect(showTaskRows(body, [task({ id: 'a' }), task({ id: 'b', phase: 'RUNNING' })], links, now)).toBe(1);
    expect(body.children[0]).toBe(first);
    expect(body.children[1].children[2].textContent).toBe('RUNNING');

    expect(showTaskRows(body, [task({ id: 'a' })], links, now)).toBe(1);
    expect(body.children).toHaveLength(1);
  });

  it('says so when there are no tasks', () => {
    showTaskRows(body, [task()], links, now);
    showTaskRows(body, [], links, now);

    expect(body.children).toHaveLength(1);
    expect(body.children[0].textContent).toBe('No tasks here.');
    expect((body.children[0].children[0] as HTMLTableCellElement).colSpan).toBe(10);
  });
});
