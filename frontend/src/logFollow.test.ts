import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QUIET_MS, startLogFollow, type LogPiece } from './logFollow';

/** A server that answers each read from its list, and records the offsets asked for. */
function server(pieces: (LogPiece | { status: number; detail: string })[]) {
  const asked: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    asked.push(new URL(url).searchParams.get('offset') ?? '');
    const next = pieces.shift() ?? { data: '', offset: 0, nextOffset: 0, size: 0 };
    if ('status' in next) {
      return new Response(JSON.stringify({ detail: next.detail }), { status: next.status });
    }
    return new Response(JSON.stringify(next), { status: 200 });
  };
  return { asked, fetch };
}

function page(): Document {
  document.body.innerHTML = `
    <button type="button" id="log-follow" hidden>follow</button><span id="log-status"></span>
    <pre id="log" data-api="/api/executors/r1/logs?file=stdout" data-next-offset="100">first &lt;b&gt;</pre>`;
  return document;
}

/** Lets the pending reads (promises) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await Promise.resolve();
  }
}

describe('startLogFollow', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows its button, and reads nothing until asked', async () => {
    const doc = page();
    const { asked, fetch } = server([]);
    startLogFollow(doc, { fetch });
    await settle();

    expect(doc.getElementById('log-follow')!.hidden).toBe(false);
    expect(asked).toEqual([]);
  });

  it('reads on from where the page ends, at once while behind, then every second, appending text as text',
    async () => {
      const doc = page();
      const { asked, fetch } = server([
        { data: '<script>x</script>\n', offset: 100, nextOffset: 119, size: 200 },
        { data: 'rest\n', offset: 119, nextOffset: 200, size: 200 },
        { data: '', offset: 200, nextOffset: 200, size: 200 },
        { data: 'new\n', offset: 200, nextOffset: 204, size: 204 },
      ]);
      const follower = startLogFollow(doc, { fetch })!;
      doc.getElementById('log-follow')!.click();
      await settle();
      await vi.advanceTimersByTimeAsync(0);
      await settle();

      expect(asked).toEqual(['100', '119']);
      await vi.advanceTimersByTimeAsync(QUIET_MS);
      await settle();
      await vi.advanceTimersByTimeAsync(QUIET_MS);
      await settle();

      const log = doc.getElementById('log')!;
      expect(asked).toEqual(['100', '119', '200', '200']);
      expect(log.textContent).toBe('first <b><script>x</script>\nrest\nnew\n');
      expect(log.querySelector('script')).toBeNull();
      expect(follower.nextOffset()).toBe(204);
      expect(doc.getElementById('log-status')!.textContent).toBe('following: 204 bytes');
      expect(doc.getElementById('log-follow')!.textContent).toBe('stop following');
    });

  it('stops when asked, and reads no more', async () => {
    const doc = page();
    const { asked, fetch } = server([{ data: 'a', offset: 100, nextOffset: 101, size: 101 }]);
    const follower = startLogFollow(doc, { fetch })!;
    const button = doc.getElementById('log-follow')!;
    button.click();
    await settle();
    button.click();
    await vi.advanceTimersByTimeAsync(10 * QUIET_MS);

    expect(follower.following()).toBe(false);
    expect(button.textContent).toBe('follow');
    expect(asked).toEqual(['100']);
  });

  it('stops on an error answer, saying what the server said', async () => {
    const doc = page();
    const { fetch } = server([{ status: 404, detail: 'no executor run r1' }]);
    const follower = startLogFollow(doc, { fetch })!;
    doc.getElementById('log-follow')!.click();
    await settle();

    expect(follower.following()).toBe(false);
    expect(doc.getElementById('log-status')!.textContent).toBe('stopped: no executor run r1');
  });

  it('does nothing on a page without a log', () => {
    document.body.innerHTML = '<p>no log</p>';
    expect(startLogFollow(document)).toBeNull();
  });
});
