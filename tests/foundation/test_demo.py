"""`siklus demo` prepares a synthetic kabupaten that can be explored from every seat, once."""

import subprocess
import sys


def test_demo_prepares_once_and_prints_a_login_per_role(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}", "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "siklus.cli", "demo", "--no-serve", "--port", "8123"]
    first = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert "Membuat data demo sintetis (bukan data nyata)" in first
    assert "43 / 152" in first and "229 / 310" in first  # Kotawaringin Timur's roll-out
    assert "http://127.0.0.1:8123/" in first
    for username in ("kader", "bidan", "nakes", "kapus", "dinkes", "dinkesprov", "admin"):
        assert f"\n  {username} " in first
    second = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    assert "Membuat" not in second and "\n  kapus " in second
