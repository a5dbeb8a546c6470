# Start the frozen 年报助手 once on the real Windows desktop (platform plugin "windows",
# not offscreen), let it open its window with the sample report and quit by itself
# (NIANBAO_QUIT_AFTER_START=1, app/ui/main.py), and fail with a clear message when it
# does not: a non-zero exit (with the Windows error code spelled out), or no exit within
# the time limit, in which case the titles and texts of the process's windows are printed
# (a Python traceback dialog or a "DLL load failed" box shows up there) and a screenshot
# of the desktop is saved. Used by .github/workflows/windows-installer.yml:
#   ./installer/start_window.ps1 -Exe dist\nianbao\nianbao.exe -Log start.log -Shot start.png
param(
    [Parameter(Mandatory = $true)][string] $Exe,
    [int] $TimeoutSeconds = 90,
    [string] $Log = (Join-Path ([IO.Path]::GetTempPath()) "nianbao-start-$(Get-Random).log"),
    [string] $Shot = ''
)
$ErrorActionPreference = 'Stop'

function Save-Screen([string] $Path) {
    if (-not $Path) { return }
    try {
        Add-Type -AssemblyName System.Windows.Forms, System.Drawing
        $b = [Windows.Forms.SystemInformation]::VirtualScreen
        $bmp = New-Object Drawing.Bitmap $b.Width, $b.Height
        $g = [Drawing.Graphics]::FromImage($bmp)
        $g.CopyFromScreen($b.Left, $b.Top, 0, 0, $bmp.Size)
        $bmp.Save($Path, [Drawing.Imaging.ImageFormat]::Png)
        $g.Dispose(); $bmp.Dispose()
        Write-Host "screenshot: $Path"
    } catch { Write-Host "no screenshot: $_" }
}

function Get-WindowTexts([int] $ProcessId) {
    # every window of the process and the texts inside it (UI Automation): a crash dialog's
    # message and traceback are readable here
    try {
        Add-Type -AssemblyName UIAutomationClient, UIAutomationTypes
        $A = [Windows.Automation.AutomationElement]
        $cond = New-Object Windows.Automation.PropertyCondition ($A::ProcessIdProperty, $ProcessId)
        $tops = $A::RootElement.FindAll([Windows.Automation.TreeScope]::Children, $cond)
        foreach ($w in $tops) {
            "window: [$($w.Current.ControlType.ProgrammaticName)] $($w.Current.Name)"
            foreach ($e in $w.FindAll([Windows.Automation.TreeScope]::Descendants, [Windows.Automation.Condition]::TrueCondition)) {
                if ($e.Current.Name) { "  " + $e.Current.Name }
            }
        }
    } catch { "(cannot read the windows: $_)" }
}

$env:QT_QPA_PLATFORM = 'windows'
$env:NIANBAO_QUIT_AFTER_START = '1'
$env:NIANBAO_NO_DIALOGS = '1'  # no recovery question: nothing may wait for a click
$out = "$Log.stdout"
$err = "$Log.stderr"
$work = New-Item -ItemType Directory -Force (Join-Path ([IO.Path]::GetTempPath()) "nianbao-start-$(Get-Random)")
$clock = [Diagnostics.Stopwatch]::StartNew()
$p = Start-Process -FilePath $Exe -WorkingDirectory $work -PassThru `
    -RedirectStandardOutput $out -RedirectStandardError $err
$null = $p.Handle  # keep the handle so that ExitCode is still readable after the exit
$finished = $p.WaitForExit($TimeoutSeconds * 1000)
$seconds = '{0:N1}' -f $clock.Elapsed.TotalSeconds
$report = @("program: $Exe", "platform plugin: windows", "time: $seconds s")
if (-not $finished) {
    Save-Screen $Shot
    $report += "NO EXIT within $TimeoutSeconds s; the process's windows:"
    $report += Get-WindowTexts $p.Id
    $p.Kill()
}
foreach ($f in $out, $err) {
    if ((Test-Path $f) -and (Get-Item $f).Length -gt 0) {
        $report += "--- $(Split-Path -Leaf $f):"
        $report += [IO.File]::ReadAllText($f, [Text.Encoding]::UTF8)
    }
}
$report | Set-Content -Encoding utf8 $Log
$report | ForEach-Object { Write-Host $_ }
if (-not $finished) {
    throw "$Exe did not start and quit within $TimeoutSeconds s (a crash dialog or a hang: see the window texts above)"
}
if ($p.ExitCode -ne 0) {
    # e.g. 0xC0000135 = a DLL was not found, 0xC0000005 = access violation
    throw ("{0} exited with code {1} (0x{2:X8}) while starting its window" -f $Exe, $p.ExitCode, $p.ExitCode)
}
Write-Host "window started and quit: $Exe ($seconds s)"
