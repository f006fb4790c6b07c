// The lab in an iframe and the page around it (hostMessages.ts says what they say): the page's commands
// carried out, and the lab's news told: ready, the lesson's part, its height.

import type { Playback } from '../app/playback.svelte.ts';
import type { EmbedOptions } from '../io/urlState.ts';
import { MESSAGE_TYPE, originAllowed, readCommand, type LabEvent } from './hostMessages.ts';

/** Links `playback` to the iframe's parent page; returns what unlinks it. */
export function linkToHost(playback: Playback, embed: EmbedOptions): () => void {
  const post = (e: LabEvent): void => {
    for (const origin of embed.origins ?? ['*'])
      window.parent.postMessage({ type: MESSAGE_TYPE, ...e }, origin);
  };
  const onmessage = (ev: MessageEvent): void => {
    if (ev.source !== window.parent || !originAllowed(ev.origin, embed.origins)) return;
    const c = readCommand(ev.data);
    if (!c) return;
    if ('error' in c) return post({ event: 'error', message: c.error });
    if (c.command === 'load') playback.open(c.options);
    else if (c.command === 'play') playback.play();
    else if (c.command === 'pause') playback.pause();
    else if (c.command === 'step') playback.stepForward();
    else playback.seek(c.t);
  };
  window.addEventListener('message', onmessage);
  // Its height, for the iframe to fit the lab without a scroll bar of its own.
  const sized = new ResizeObserver(() =>
    post({ event: 'resized', height: Math.ceil(document.documentElement.scrollHeight) }),
  );
  sized.observe(document.body);
  let ready = false;
  let told = -2;
  const untrack = $effect.root(() => {
    $effect(() => {
      if (ready || !playback.shown) return;
      ready = true;
      post({ event: 'ready', scenario: playback.scenario.id, t: playback.shown.frame.t / 1000 });
    });
    $effect(() => {
      const view = playback.shown?.lesson;
      if (!view || view.at === told) return;
      told = view.at;
      post({ event: 'beat', index: view.at, count: view.count, text: view.beat?.text ?? '' });
    });
  });
  return () => {
    window.removeEventListener('message', onmessage);
    sized.disconnect();
    untrack();
  };
}
