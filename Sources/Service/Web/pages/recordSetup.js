// The settings of a recording before it starts: the consent confirmation (nothing is recorded
// without it), the title, the participant and language, the microphone and the optional camera,
// and the input level.

import { h, replace } from '../dom.js';
import { language, t } from '../i18n.js';

/**
 * The settings form. `onDevice()` is called when another microphone, camera or video setting is
 * chosen; `onChange()` when the consent or the title changes.
 */
export function recordingSetup(participants, onDevice, onChange) {
  const consent = h('input', { type: 'checkbox', id: 'consent-confirmed', 'aria-describedby': 'consent-help' });
  const note = h('input', { id: 'consent-note', maxlength: 500, autocomplete: 'off' });
  const consentGiven = h('p', { id: 'consent-given', class: 'help', hidden: true });
  const stamp = new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date());
  const title = h('input', { id: 'record-title', maxlength: 200, required: true, value: t('defaultCaptureTitle', { date: stamp }) });
  const participant = h('select', { id: 'record-participant' },
    h('option', { value: '' }, t('noParticipant')),
    participants.map((p) => h('option', { value: p.id }, p.pseudonym)));
  const spoken = h('select', { id: 'record-language' },
    h('option', { value: '' }, t('languageAuto')),
    h('option', { value: 'fr' }, 'Français'),
    h('option', { value: 'en' }, 'English'));
  const microphone = h('select', { id: 'record-microphone' }, h('option', { value: '' }, t('defaultDevice')));
  const video = h('input', { type: 'checkbox', id: 'record-video' });
  const camera = h('select', { id: 'record-camera' }, h('option', { value: '' }, t('defaultDevice')));
  const cameraField = h('div', { class: 'field', hidden: true }, h('label', { for: 'record-camera' }, t('camera')), camera);
  const preview = h('video', { id: 'record-preview', class: 'record-preview', muted: true, playsinline: true, autoplay: true, hidden: true,
    'aria-label': t('cameraPreview') });
  const meter = h('meter', { id: 'input-level', min: 0, max: 1, low: 0.25, high: 0.9, optimum: 0.6, value: 0 });

  consent.addEventListener('change', onChange);
  title.addEventListener('input', onChange);
  microphone.addEventListener('change', onDevice);
  camera.addEventListener('change', onDevice);
  video.addEventListener('change', () => {
    cameraField.hidden = !video.checked;
    onDevice();
  });

  const element = h('form', { class: 'card record-setup', id: 'record-setup', onsubmit: (event) => event.preventDefault() },
    h('fieldset', { class: 'consent' },
      h('legend', {}, t('consent')),
      h('div', { class: 'check' }, consent, h('label', { for: 'consent-confirmed' }, t('consentConfirm'))),
      h('p', { class: 'help', id: 'consent-help' }, t('consentHelp')),
      h('div', { class: 'field' }, h('label', { for: 'consent-note' }, t('consentNote')), note),
      consentGiven),
    h('div', { class: 'setup-grid' },
      h('div', { class: 'field wide' }, h('label', { for: 'record-title' }, t('title')), title),
      h('div', { class: 'field' }, h('label', { for: 'record-participant' }, t('participant')), participant),
      h('div', { class: 'field' }, h('label', { for: 'record-language' }, t('spokenLanguage')), spoken),
      h('div', { class: 'field' }, h('label', { for: 'record-microphone' }, t('microphone')), microphone),
      h('div', { class: 'field check' }, video, h('label', { for: 'record-video' }, t('recordVideo'))),
      cameraField),
    preview,
    h('div', { class: 'field level' }, h('label', { for: 'input-level' }, t('inputLevel')), meter));

  /** Fills `select` with `devices`, keeping the choice, and marks the one `track` uses. */
  const fill = (select, devices, track, fallback) => {
    const chosen = select.value || track?.getSettings().deviceId || '';
    replace(select, h('option', { value: '' }, t('defaultDevice')),
      devices.map((device, index) => h('option', { value: device.deviceId }, device.label || t(fallback, { n: index + 1 }))));
    select.value = devices.some((device) => device.deviceId === chosen) ? chosen : '';
  };

  return {
    element,
    meter,
    /** The devices chosen (`''`: the browser's default) and whether to record video. */
    choice: () => ({ microphone: microphone.value, camera: camera.value, video: video.checked }),
    consented: () => consent.checked && title.value.trim().length > 0,
    /** The body of POST /studies/{id}/captures, without the media type. */
    captureBody: () => ({
      title: title.value.trim(),
      consentConfirmed: consent.checked,
      consentNote: note.value.trim() || undefined,
      participantID: participant.value ? Number(participant.value) : undefined,
      language: spoken.value || undefined,
    }),
    listDevices({ microphones, cameras }, stream) {
      fill(microphone, microphones, stream.getAudioTracks()[0], 'microphoneN');
      fill(camera, cameras, stream.getVideoTracks()[0], 'cameraN');
    },
    showPreview(stream) {
      preview.hidden = stream.getVideoTracks().length === 0;
      preview.srcObject = preview.hidden ? null : stream;
    },
    setVideo(on) {
      video.checked = on;
      cameraField.hidden = !on;
    },
    /** Shows the settings of a capture taken up again (its consent was confirmed when it began). */
    showCapture(capture) {
      title.value = capture.title;
      consent.checked = true;
      note.value = capture.consentNote ?? '';
      participant.value = capture.participantID ?? '';
      spoken.value = capture.language ?? '';
      consentGiven.textContent = t('consentGiven', {
        name: capture.consentByName, date: new Date(capture.consentAt).toLocaleString(language()),
      });
      consentGiven.hidden = false;
    },
    /** No setting changes once recording has begun. */
    lock() {
      for (const field of [consent, note, title, participant, spoken, microphone, video, camera]) field.disabled = true;
    },
  };
}
