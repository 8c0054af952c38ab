import type { Attachment } from '../../api/types';

/** Photo types the case service accepts (it checks the bytes again) and the upload limit it enforces. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic'] as const;
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

export type PhotoPhase = 'before' | 'after';

/**
 * Before or after handling: a photo uploaded before the handling department started work (the reporter's,
 * the dispatcher's) shows the problem; one uploaded from then on shows the result.
 */
export function photoPhase(
  photo: Pick<Attachment, 'createdAt'>,
  timeline: readonly { toState: string; occurredAt: string }[],
): PhotoPhase {
  const started = timeline.find((s) => s.toState === 'in_progress' || s.toState === 'resolved');
  if (!started) return 'before';
  return Date.parse(photo.createdAt) < Date.parse(started.occurredAt) ? 'before' : 'after';
}

export const isPhoto = (a: Pick<Attachment, 'type'>) => a.type.startsWith('image/');

/** Why a file cannot be uploaded as a photo (an i18n key), or null when it can. */
export function photoProblem(file: {
  type: string;
  size: number;
}): 'photo.wrongType' | 'photo.tooLarge' | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'photo.wrongType';
  if (file.size > PHOTO_MAX_BYTES) return 'photo.tooLarge';
  return null;
}
