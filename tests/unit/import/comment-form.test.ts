// The comment form scraped pages end with is cut; body text that mentions it is not.
import { describe, expect, it } from 'vitest';
import { isCommentFormLine, stripCommentForm } from '../../../src/import/comment-form.ts';

describe('isCommentFormLine', () => {
  it.each([
    'Be the first to comment',
    'Leave a Reply',
    'Leave a Reply Cancel reply',
    'Your email address will not be published.',
    'Your email address will not be published. Required fields are marked *',
    'Required fields are marked *',
    'Comment',
    'Name *',
    'Email *',
    'Website',
    'Save my name, email, and website in this browser for the next time I comment.',
    'Post Comment',
    '  LEAVE A REPLY  ',
    '3 Comments',
  ])('recognises %j', (line) => {
    expect(isCommentFormLine(line)).toBe(true);
  });

  it.each([
    'Leave a reply if you disagree with the minister.',
    'Comment: the talks stalled again.',
    'Name the day, said the envoy.',
    '',
  ])('does not take %j for the form', (line) => {
    expect(isCommentFormLine(line)).toBe(false);
  });
});

describe('stripCommentForm', () => {
  it('cuts the trailing form, blank lines included, and counts the lines', () => {
    const lines = [
      'Body one.',
      '',
      'Body two.',
      '',
      'Be the first to comment',
      '',
      'Leave a Reply',
      '',
      'Your email address will not be published.',
      '',
    ];
    expect(stripCommentForm(lines)).toEqual({ lines: ['Body one.', '', 'Body two.', ''], dropped: 3 });
  });

  it('leaves form phrases that are not at the end', () => {
    const lines = ['Leave a Reply', '', 'The real last paragraph.'];
    expect(stripCommentForm(lines)).toEqual({ lines, dropped: 0 });
  });

  it('keeps a last paragraph that merely mentions the form', () => {
    const lines = ['Body.', '', 'Leave a reply below and tell us what you think.'];
    expect(stripCommentForm(lines).dropped).toBe(0);
  });
});
