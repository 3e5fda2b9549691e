// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { lessonKeyFor } from './useLessonKeys';

/** A key press on a fresh element made from `html` (or on the body). */
function press(key: string, html = '', patch: Partial<KeyboardEvent> = {}) {
  document.body.innerHTML = html;
  const target = document.body.firstElementChild ?? document.body;
  return { key, ctrlKey: false, metaKey: false, altKey: false, repeat: false, isComposing: false, target, ...patch };
}

describe('lessonKeyFor', () => {
  it('turns chapters with the arrows and a clicker’s Page keys, in presenter mode only', () => {
    expect(lessonKeyFor(press('ArrowRight'), true)).toBe('next');
    expect(lessonKeyFor(press('PageDown'), true)).toBe('next');
    expect(lessonKeyFor(press('ArrowLeft'), true)).toBe('previous');
    expect(lessonKeyFor(press('PageUp'), true)).toBe('previous');
    expect(lessonKeyFor(press('ArrowRight'), false)).toBeNull();
    // On a button the arrows do nothing of their own: they turn the chapter.
    expect(lessonKeyFor(press('ArrowRight', '<button>Run</button>'), true)).toBe('next');
  });

  it('leaves the arrows to fields, selects and charts read with them', () => {
    expect(lessonKeyFor(press('ArrowRight', '<input type="text">'), true)).toBeNull();
    expect(lessonKeyFor(press('ArrowRight', '<select><option>a</option></select>'), true)).toBeNull();
    expect(lessonKeyFor(press('ArrowLeft', '<figure tabindex="0"></figure>'), true)).toBeNull();
    expect(lessonKeyFor(press('ArrowLeft', '<input type="range">'), true)).toBeNull();
  });

  it('runs on Space and shows the answer on A, except while typing, on a control Space presses, or held', () => {
    expect(lessonKeyFor(press(' '), false)).toBe('run');
    expect(lessonKeyFor(press(' ', '<h2 tabindex="-1">Chapter</h2>'), false)).toBe('run');
    expect(lessonKeyFor(press(' ', '<button>Next</button>'), true)).toBeNull();
    expect(lessonKeyFor(press(' ', '', { repeat: true }), true)).toBeNull();
    expect(lessonKeyFor(press('a'), false)).toBe('answer');
    expect(lessonKeyFor(press('A'), true)).toBe('answer');
    expect(lessonKeyFor(press('a', '<input type="text">'), true)).toBeNull();
    expect(lessonKeyFor(press('a', '', { ctrlKey: true }), true)).toBeNull();
    expect(lessonKeyFor(press('a', '', { repeat: true }), true)).toBeNull();
    expect(lessonKeyFor(press('x'), true)).toBeNull();
  });
});
