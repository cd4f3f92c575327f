"""Writes the binary test fixtures that samples/ lacks, and reference decodes of them.

Run from the repository root:  tools/biometrics/.venv/bin/python tools/biometrics/make_fixtures.py
Writes into Tests/BiometricsTests/Fixtures/:
  wfdb/synth16.{hea,dat,atr}, wfdb/synth212.{hea,dat}  (WFDB formats 16 and 212 + beat annotations)
  bdf/synth.bdf                                         (BDF+ 24-bit, with a Status channel and annotations)
  empatica_e4_flirt.zip (deflate), stored.zip (method 0)
  formats_reference.json                                 (what wfdb / pyedflib read back)
"""
import json
import os
import zipfile
from datetime import datetime

import numpy as np
import neurokit2 as nk
import pyedflib
import wfdb

ROOT = os.getcwd()
FIX = os.path.join(ROOT, "Tests/BiometricsTests/Fixtures")
SAMPLES = os.path.join(ROOT, "samples/biometrics")
ref = {}


def wfdb_fixtures():
    out = os.path.join(FIX, "wfdb")
    os.makedirs(out, exist_ok=True)
    fs = 250
    ecg = nk.ecg_simulate(duration=20, sampling_rate=fs, heart_rate=70, random_state=42)
    resp = 0.5 * np.sin(2 * np.pi * 0.25 * np.arange(len(ecg)) / fs)
    signal = np.column_stack([ecg, resp])
    start = datetime(2026, 3, 14, 9, 30, 15)
    for name, fmt in (("synth16", "16"), ("synth212", "212")):
        gain = 200.0 if fmt == "212" else 1000.0
        wfdb.wrsamp(name, fs=fs, units=["mV", "mV"], sig_name=["ECG", "RESP"], p_signal=signal,
                    fmt=[fmt, fmt], adc_gain=[gain, gain], baseline=[0, 0],
                    base_date=start.date(), base_time=start.time(), write_dir=out,
                    comments=["synthetic ECG from neurokit2.ecg_simulate(random_state=42)"])
        rec = wfdb.rdrecord(os.path.join(out, name))
        ref[name] = {
            "fs": rec.fs, "sig_len": rec.sig_len, "sig_name": rec.sig_name, "units": rec.units,
            "fmt": rec.fmt, "adc_gain": list(rec.adc_gain), "baseline": list(rec.baseline),
            "base_datetime": rec.base_datetime.isoformat(),
            "d_signal_head": rec.adc()[:10].T.tolist() if False else np.asarray(rec.adc()[:10]).T.tolist(),
            "p_signal_head": rec.p_signal[:10].T.tolist(),
            "p_signal_tail": rec.p_signal[-5:].T.tolist(),
            "p_signal_sum": rec.p_signal.sum(axis=0).tolist(),
        }
    # Beat annotations at the simulated R peaks.
    _, info = nk.ecg_peaks(ecg, sampling_rate=fs)
    peaks = np.asarray(info["ECG_R_Peaks"], dtype=int)
    symbols = ["N"] * len(peaks)
    symbols[3] = "V"
    wfdb.wrann("synth16", "atr", sample=peaks, symbol=symbols, write_dir=out)
    ann = wfdb.rdann(os.path.join(out, "synth16"), "atr")
    ref["synth16_atr"] = {"sample": ann.sample.tolist(), "symbol": ann.symbol}


def bdf_fixture():
    out = os.path.join(FIX, "bdf")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "synth.bdf")
    fs = 256
    t = np.arange(fs * 4) / fs
    eeg = 50 * np.sin(2 * np.pi * 10 * t)            # microvolts
    status = np.zeros_like(t)
    status[fs:fs + 10] = 1
    f = pyedflib.EdfWriter(path, 2, file_type=pyedflib.FILETYPE_BDFPLUS)
    f.setStartdatetime(datetime(2026, 3, 14, 9, 30, 15))
    f.setSignalHeaders([
        {"label": "EEG Fz", "dimension": "uV", "sample_frequency": fs, "physical_max": 262143.0,
         "physical_min": -262144.0, "digital_max": 8388607, "digital_min": -8388608, "transducer": "", "prefilter": ""},
        {"label": "Status", "dimension": "Boolean", "sample_frequency": fs, "physical_max": 8388607.0,
         "physical_min": -8388608.0, "digital_max": 8388607, "digital_min": -8388608, "transducer": "", "prefilter": ""},
    ])
    f.writeSamples([eeg, status])
    f.writeAnnotation(1.0, 0.5, "stimulus")
    f.close()
    r = pyedflib.EdfReader(path)
    ref["bdf"] = {
        "labels": r.getSignalLabels(), "n_samples": r.getNSamples().tolist(),
        "start": r.getStartdatetime().isoformat(), "eeg_head": r.readSignal(0)[:10].tolist(),
        "eeg_sum": float(r.readSignal(0).sum()), "status_sum": float(r.readSignal(1).sum()),
        "annotations": [[float(a), float(b), c] for a, b, c in zip(*r.readAnnotations())],
    }
    r.close()


def edf_reference():
    path = os.path.join(SAMPLES, "edf/sleepedf_SC4001E0_first5min_short_psg.edf")
    r = pyedflib.EdfReader(path)
    ref["psg"] = {
        "labels": r.getSignalLabels(), "n_samples": r.getNSamples().tolist(),
        "rates": [r.getSampleFrequency(i) for i in range(r.signals_in_file)],
        "start": r.getStartdatetime().isoformat(),
        "head": [r.readSignal(i)[:5].tolist() for i in range(r.signals_in_file)],
        "sums": [float(r.readSignal(i).sum()) for i in range(r.signals_in_file)],
    }
    r.close()
    path = os.path.join(SAMPLES, "edf/sleepedf_SC4001EC-Hypnogram.edf")
    r = pyedflib.EdfReader(path)
    onsets, durations, texts = r.readAnnotations()
    ref["hypnogram"] = {"start": r.getStartdatetime().isoformat(), "count": len(onsets),
                        "first": [[float(onsets[i]), float(durations[i]), texts[i]] for i in range(3)],
                        "last": [float(onsets[-1]), float(durations[-1]), texts[-1]]}
    r.close()


def fit_reference():
    import fitparse
    f = fitparse.FitFile(os.path.join(SAMPLES, "fit/garmin-fenix-5-run.fit"))
    msgs = list(f.get_messages())
    hrv = [v for m in msgs if m.name == "hrv" for v in m.get_value("time") if v is not None]
    events = [[m.get_value("timestamp").isoformat(), str(m.get_value("event")), str(m.get_value("event_type"))]
              for m in msgs if m.name == "event"]
    ref["fit"] = {"hrv": hrv, "events": events}


def zips():
    folder = os.path.join(SAMPLES, "empatica_e4_flirt")
    with zipfile.ZipFile(os.path.join(FIX, "empatica_e4_flirt.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(os.listdir(folder)):
            z.write(os.path.join(folder, name), arcname=name)
    with zipfile.ZipFile(os.path.join(FIX, "stored.zip"), "w", zipfile.ZIP_STORED) as z:
        z.writestr("a/hello.txt", "hello, stored\n")
        z.writestr("b.txt", "")


if __name__ == "__main__":
    os.makedirs(FIX, exist_ok=True)
    wfdb_fixtures()
    bdf_fixture()
    edf_reference()
    fit_reference()
    zips()
    with open(os.path.join(FIX, "formats_reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
