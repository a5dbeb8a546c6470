# Run the frozen 年报助手's --selftest on Windows and fail unless it passed.
# The program is windowed (no console): the exit code is read from the process and the
# report from the log file that the selftest writes when NIANBAO_SELFTEST_LOG is set.
# Used by .github/workflows/windows-installer.yml; also handy on a test PC:
#   powershell -ExecutionPolicy Bypass -File installer\selftest.ps1 "$env:LOCALAPPDATA\Programs\年报助手\nianbao.exe"
param(
    [Parameter(Mandatory = $true)][string] $Exe,
    [string] $Log = (Join-Path ([IO.Path]::GetTempPath()) "nianbao-selftest-$(Get-Random).log")
)
$ErrorActionPreference = 'Stop'
$env:NIANBAO_SELFTEST_LOG = $Log
if (-not $env:QT_QPA_PLATFORM) { $env:QT_QPA_PLATFORM = 'offscreen' }
$work = New-Item -ItemType Directory -Force (Join-Path ([IO.Path]::GetTempPath()) "nianbao-smoke-$(Get-Random)")
$p = Start-Process -FilePath $Exe -ArgumentList '--selftest' -WorkingDirectory $work -PassThru -NoNewWindow
$null = $p.Handle  # keep the handle so that ExitCode is still readable after the exit
if (-not $p.WaitForExit(300000)) { $p.Kill(); throw "selftest of $Exe did not finish in 5 minutes" }
if (Test-Path $Log) { Get-Content -Encoding utf8 $Log } else { Write-Host '(no selftest log written)' }
if ($p.ExitCode -ne 0) { throw "selftest of $Exe failed: exit $($p.ExitCode)" }
if (-not (Select-String -Quiet -Encoding utf8 -Path $Log -Pattern '自检通过')) {
    throw "selftest of $Exe printed no success line"
}
Write-Host "selftest passed: $Exe"
