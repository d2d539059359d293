"""English for the offline app's sync (issue #16): the error details of /api/v1/sync, the conflict
and duplicate queues and the device page. Most were first written in sweep_fixes.py (the browser
sweep found them shown in Indonesian); the others, and new sync msgids, are here."""

EN = {
    "Desa ini di luar wilayah kerja Anda.": "This desa is outside your work area.",
    "Token ini bukan milik perangkat ini.": "This token does not belong to this device.",
    "Kiriman terlalu besar (maksimal 1 MB).": "The request is too large (at most 1 MB).",
    "Kiriman terlalu besar.": "The request is too large.",
    "Kiriman harus objek JSON.": "The request must be a JSON object.",
    "Kiriman bukan JSON.": "The request is not JSON.",
    "Kiriman gzip rusak.": "The gzip request is damaged.",
    "Sinkron HP kader": "Kader phone sync",
}
