"""Reference feature values from NeuroKit2 (and numpy for ENMO), written as a small JSON fixture
that the Swift tests assert against. Dev-only; the Swift tests never run Python.

Run from the repository root:  tools/biometrics/.venv/bin/python tools/biometrics/oracle.py
Writes Tests/BiometricsTests/Fixtures/features_reference.json with:
  hrv_e4:  NeuroKit2 hrv_time on the E4 IBI.csv beats, in 60 s windows of beat time
           (intervals given as {"RRI": ms, "RRI_Time": s}, so non-successive beats across gaps are
           excluded from the difference measures by NeuroKit's 10 ms rule)
  hrv_fit: the same for the Garmin FIT hrv beats (whole recording)
  eda_e4:  E4 EDA.csv (4 Hz): tonic = 17-sample median (4 s x 4 Hz, made odd) with edge-value
           padding, phasic = EDA - tonic, SCRs from nk.eda_peaks(phasic, method="neurokit",
           amplitude_min=0.1): peak indices, onset indices, amplitudes; tonic every 40th sample
  enmo_e4: ENMO (mean of max(0, |a| - 1 g), in mg) of the E4 ACC.csv in 60 s epochs (numpy)
  ppg:     HeartPy process() on consecutive 60 s segments of the ring PPG (32 Hz) and the E4 BVP
           (64 Hz), each segment band-passed 0.7-3.5 Hz (Butterworth order 3, filtfilt) first:
           peaks, accepted flags, chosen moving-average raise, bpm, rmssd, sdnn; and the filtered
           ring segment at 180-240 s (first 20 samples, sum of absolute values)
"""
import json
import os
import warnings

import numpy as np
import neurokit2 as nk
from neurokit2.hrv.intervals_utils import _intervals_successive

warnings.filterwarnings("ignore")
ROOT = os.getcwd()
E4 = os.path.join(ROOT, "samples/biometrics/empatica_e4_flirt")
OUT = os.path.join(ROOT, "Tests/BiometricsTests/Fixtures/features_reference.json")


def hrv(rri_ms, times_s):
    r = nk.hrv_time({"RRI": np.asarray(rri_ms, float), "RRI_Time": np.asarray(times_s, float)})
    successive = int(np.sum(_intervals_successive(np.asarray(rri_ms, float), np.asarray(times_s, float))))
    return {"n": len(rri_ms), "n_successive": successive, "MeanNN": float(r["HRV_MeanNN"][0]),
            "SDNN": float(r["HRV_SDNN"][0]), "RMSSD": float(r["HRV_RMSSD"][0]), "pNN50": float(r["HRV_pNN50"][0])}


def hrv_windows():
    ibi = np.loadtxt(os.path.join(E4, "IBI.csv"), delimiter=",", skiprows=1)
    t, rr = ibi[:, 0], ibi[:, 1] * 1000
    out = []
    for w in np.arange(0, t.max(), 60.0):
        sel = (t >= w) & (t < w + 60)
        if sel.sum() < 3 or _intervals_successive(rr[sel], t[sel]).sum() < 2:
            continue
        d = hrv(rr[sel], t[sel])
        d["window_start"] = float(w)
        out.append(d)
    return out


def hrv_fit():
    import fitparse
    f = fitparse.FitFile(os.path.join(ROOT, "samples/biometrics/fit/garmin-fenix-5-run.fit"))
    rr = np.array([v for m in f.get_messages("hrv") for v in m.get_value("time") if v is not None]) * 1000
    return hrv(rr, np.cumsum(rr) / 1000)


def eda():
    x = np.loadtxt(os.path.join(E4, "EDA.csv"), skiprows=2)
    size = 17
    padded = np.concatenate([np.full(size // 2, x[0]), x, np.full(size // 2, x[-1])])
    tonic = nk.signal_smooth(padded, kernel="median", size=size)[size // 2: size // 2 + len(x)]
    phasic = x - tonic
    _, info = nk.eda_peaks(phasic, sampling_rate=4, method="neurokit", amplitude_min=0.1)
    peaks = info["SCR_Peaks"].astype(int)
    onsets = info["SCR_Onsets"]
    amp = info["SCR_Amplitude"]
    return {"n": len(x), "tonic_every_40": tonic[::40].tolist(),
            "peaks": peaks.tolist(), "onsets": [None if np.isnan(o) else int(o) for o in onsets],
            "amplitudes": [None if np.isnan(a) else float(a) for a in amp]}


def enmo():
    acc = np.loadtxt(os.path.join(E4, "ACC.csv"), delimiter=",", skiprows=2) / 64.0
    norm = np.sqrt((acc ** 2).sum(axis=1))
    e = np.maximum(norm - 1, 0) * 1000
    fs = 32
    n = len(e) // (60 * fs)
    return {"epoch_seconds": 60, "mg": [float(e[i * 60 * fs:(i + 1) * 60 * fs].mean()) for i in range(n)]}


def finite(v):
    """JSON has no NaN: None instead."""
    return None if not np.isfinite(v) else float(v)


def heartpy_segments(x, fs, seconds=60):
    """HeartPy on consecutive segments, each band-passed 0.7-3.5 Hz (order 3) first."""
    import heartpy as hp
    out = []
    n = int(seconds * fs)
    for start in range(0, len(x) - n + 1, n):
        seg = x[start:start + n]
        if np.isnan(seg).any():
            continue
        f = hp.filter_signal(seg, [0.7, 3.5], sample_rate=fs, order=3, filtertype="bandpass")
        try:
            wd, m = hp.process(f, float(fs))
        except Exception:
            out.append({"start": start, "failed": True})
            continue
        out.append({"start": start, "failed": False, "peaks": [int(p) for p in wd["peaklist"]],
                    "accepted": [int(b) for b in wd["binary_peaklist"]], "best": int(wd["best"]),
                    "bpm": finite(m["bpm"]), "rmssd": finite(m["rmssd"]), "sdnn": finite(m["sdnn"])})
    return out


def ppg():
    import heartpy as hp
    ring = np.genfromtxt(os.path.join(ROOT, "samples/biometrics/ppg/ring_data.csv"))
    bvp = np.loadtxt(os.path.join(E4, "BVP.csv"), skiprows=2)
    seg = ring[180 * 32: 240 * 32]
    filtered = hp.filter_signal(seg, [0.7, 3.5], sample_rate=32, order=3, filtertype="bandpass")
    return {"ring": heartpy_segments(ring, 32), "e4_bvp": heartpy_segments(bvp, 64),
            "filter_ring_180s": {"head": filtered[:20].tolist(), "sum_abs": float(np.abs(filtered).sum())}}


if __name__ == "__main__":
    ref = {"hrv_e4": hrv_windows(), "hrv_fit": hrv_fit(), "eda_e4": eda(), "enmo_e4": enmo(), "ppg": ppg()}
    with open(OUT, "w") as f:
        json.dump(ref, f, allow_nan=False)
    print("ring segments", len(ref["ppg"]["ring"]), "failed", sum(s["failed"] for s in ref["ppg"]["ring"]),
          "e4 segments", len(ref["ppg"]["e4_bvp"]))
