# Build the Windows installer: dist\casefile-<version>-windows-x64-setup.exe (+ .sha256).
# Needs: Python 3.11 (x64) and Inno Setup 6 (https://jrsoftware.org/isinfo.php).
# Run from anywhere:  powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

$py = ".venv\Scripts\python.exe"
if (-not (Test-Path $py)) {
    # dev.py builds .venv from requirements\lock.txt (PyInstaller included).
    python dev.py test tests\test_packaging.py
    if ($LASTEXITCODE -ne 0) { throw "could not set up .venv" }
}
& $py packaging\build.py
if ($LASTEXITCODE -ne 0) { throw "PyInstaller build failed" }

# One version source: the built program says which it is.
$version = (& dist\casefile\casefile.exe --version).Split(" ")[1]
& dist\casefile\casefile.exe --help | Out-Null
if ($LASTEXITCODE -ne 0) { throw "the built casefile.exe does not start" }

$iscc = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
if (-not (Test-Path $iscc)) { $iscc = "iscc" }
& $iscc "/DAppVersion=$version" packaging\windows\casefile.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }

$setup = "casefile-$version-windows-x64-setup.exe"
if ($env:SIGN_CERT_SHA1) {
    # Optional Authenticode signature (see docs\release.md).
    signtool sign /sha1 $env:SIGN_CERT_SHA1 /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 "dist\$setup"
    if ($LASTEXITCODE -ne 0) { throw "signing failed" }
}
$hash = (Get-FileHash -Algorithm SHA256 "dist\$setup").Hash.ToLower()
# sha256sum's format, so the release's SHA256SUMS is one file for every platform.
"$hash  $setup" | Out-File -Encoding ascii "dist\$setup.sha256"
Write-Host "built dist\$setup"
Write-Host "sha256 $hash"
