;;; 年报助手 — Windows installer (Inno Setup 6; also compiles with Inno Setup 7).
;;;
;;; Per-user install that needs NO administrator rights: PrivilegesRequired=lowest puts the
;;; program in %LOCALAPPDATA%\Programs\年报助手 ({autopf} in non-administrative mode), the
;;; shortcuts in the user's Start menu and desktop, the uninstall entry under HKCU. IT staff
;;; can still install for all users from the command line with /ALLUSERS (as administrator).
;;;
;;; Input: the PyInstaller bundle dist\nianbao\ (installer\nianbao.spec). Build from the
;;; repository root:
;;;     iscc /DAppVersion=0.1.0 installer\nianbao.iss
;;; Output: dist\nianbao-<version>-setup.exe. Without /DAppVersion the version is read from
;;; the version resource that the spec writes into nianbao.exe (from pyproject.toml).
;;;
;;; Upgrades: the AppId below never changes, so a newer installer finds the old one, installs
;;; into the same folder (the folder page is skipped), closes a running 年报助手 through the
;;; Windows Restart Manager (asking first), deletes the old _internal\ folder so no stale
;;; library survives, and replaces the files. Uninstall removes the program folder, the
;;; shortcuts, the PATH entry and the program's settings; the user's reports (saved wherever
;;; the user chose, usually Documents) and autosaved recovery copies are never touched.
;;;
;;; Other programs' files are never deleted: the installer refuses a folder that already
;;; holds files but not 年报助手 (PrepareToInstall, also in silent installs), and _internal\
;;; is deleted (upgrade, uninstall) only where the folder holds no program but ours.
;;;
;;; PATH: the task "addtopath" (ticked by default) appends the program folder to the user's
;;; PATH (HKCU\Environment; the system PATH for an /ALLUSERS install), so that
;;; `nianbao-cli check *.xlsx` works in a new command window; uninstalling removes exactly
;;; that entry again.
;;;
;;; /ALLUSERS: settings live in each user's HKCU, so uninstalling an all-users install
;;; removes only the settings of the account that runs the uninstaller (other users keep a
;;; few bytes of window layout and recent files under HKCU\Software\nianbao).
;;;
;;; Messages: Inno Setup's English Default.isl overlaid with installer\nianbao-zh_CN.isl (our
;;; own Chinese text, in the repository, so building needs no download).

#define AppName "年报助手"
#define AppExeName "nianbao.exe"
#define BundleDir AddBackslash(SourcePath) + "..\dist\nianbao"
#ifndef AppVersion
  #define AppVersion GetVersionNumbersString(BundleDir + "\" + AppExeName)
#endif
#if AppVersion == ""
  #error "No version: pass /DAppVersion=x.y.z or build dist\nianbao first"
#endif

[Setup]
; Never change this GUID: it is how an upgrade finds the installed version.
AppId={{6B1F3C52-9D47-4E8A-B2C1-5A0E7D93F4A6}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
AppComments=政府信息公开工作年度报告的填报、检查与打印
VersionInfoDescription={#AppName} 安装程序
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=commandline
DefaultDirName={autopf}\{#AppName}
UsePreviousAppDir=yes
DisableDirPage=auto
DisableProgramGroupPage=yes
DisableWelcomePage=no
DisableReadyPage=no
ShowLanguageDialog=no
; PySide6 6.x runs on 64-bit Windows 10 and later only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1809 (build 17763, = LTSC 2019) or later: Qt 6's documented minimum, and what
; the PySide6 6.12 DLLs link (Qt6Core imports icuuc.dll, in Windows since 1703; user32
; SetProcessDpiAwarenessContext, since 1703). LTSB 2016 (1607, 14393) has neither: refused
; here instead of failing with "DLL load failed". tests/test_windows_build.py checks it.
MinVersion=10.0.17763
; the PATH entry: tell Explorer, so new command windows see it without logging off
ChangesEnvironment=yes
; relative paths in [Setup] and [Files] are relative to this script's folder
OutputDir=..\dist
OutputBaseFilename=nianbao-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
#if FileExists(AddBackslash(SourcePath) + "..\resources\icons\nianbao.ico")
SetupIconFile=..\resources\icons\nianbao.ico
#endif
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
; Close a running copy (files in use) via the Restart Manager; do not restart it afterwards.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
SetupLogging=yes

[Languages]
Name: "chs"; MessagesFile: "compiler:Default.isl,nianbao-zh_CN.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"
Name: "addtopath"; Description: "{cm:AddToPath}"; GroupDescription: "{cm:CommandLine}"

[InstallDelete]
; an upgrade must not keep libraries of the previous version; only in our own folder
Type: filesandordirs; Name: "{app}\_internal"; Check: IsOurOwnFolder

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "政府信息公开工作年度报告"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Comment: "政府信息公开工作年度报告"; Tasks: desktopicon

[Registry]
; QSettings("nianbao", "nianbao-zhushou"): window layout and recent files, not documents.
Root: HKCU; Subkey: "Software\nianbao\nianbao-zhushou"; Flags: uninsdeletekey dontcreatekey
Root: HKCU; Subkey: "Software\nianbao"; Flags: uninsdeletekeyifempty dontcreatekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; the uninstaller removes every file it installed; what is left in _internal\ (nothing is
; expected) goes in [Code] CurUninstallStepChanged, only where the folder holds no program
; but ours. Then the folder itself, if empty.
Type: dirifempty; Name: "{app}"

[Code]
const
  SystemEnvironment = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

var
  DeleteInternalAfterUninstall: Boolean;

{ ---------------------------------------------------------------- our folder or not }

{ True when Dir holds 年报助手 and no other program: the only .exe files are ours
  (nianbao.exe, nianbao-cli.exe, the uninstaller unins000.exe...). }
function OnlyOurProgramIn(Dir: String): Boolean;
var
  FindRec: TFindRec;
  Name: String;
begin
  Result := FileExists(AddBackslash(Dir) + '{#AppExeName}');
  if Result and FindFirst(AddBackslash(Dir) + '*.exe', FindRec) then
  try
    repeat
      Name := Lowercase(FindRec.Name);
      if (Name <> 'nianbao.exe') and (Name <> 'nianbao-cli.exe') and
         ((Copy(Name, 1, 5) <> 'unins') or (Copy(Name, Length(Name) - 3, 4) <> '.exe')) then
        Result := False;
    until not Result or not FindNext(FindRec);
  finally
    FindClose(FindRec);
  end;
end;

{ [InstallDelete] Check: the install folder holds 年报助手 alone (an upgrade). }
function IsOurOwnFolder: Boolean;
begin
  Result := OnlyOurProgramIn(ExpandConstant('{app}'));
end;

function FolderIsEmpty(Dir: String): Boolean;
var
  FindRec: TFindRec;
begin
  Result := True;
  if FindFirst(AddBackslash(Dir) + '*', FindRec) then
  try
    repeat
      if (FindRec.Name <> '.') and (FindRec.Name <> '..') then
        Result := False;
    until not Result or not FindNext(FindRec);
  finally
    FindClose(FindRec);
  end;
end;

{ A folder we must not install into: it exists, is not empty, and is not 年报助手's. }
function IsForeignFolder(Dir: String): Boolean;
begin
  Result := DirExists(Dir) and not FolderIsEmpty(Dir) and not OnlyOurProgramIn(Dir);
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if (CurPageID = wpSelectDir) and IsForeignFolder(WizardDirValue) then
  begin
    SuppressibleMsgBox(FmtMessage(CustomMessage('ForeignFolder'), [WizardDirValue]),
      mbError, MB_OK, IDOK);
    Result := False;
  end;
end;

{ Also for silent installs (/DIR=...) and when the folder page was skipped. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if IsForeignFolder(ExpandConstant('{app}')) then
    Result := FmtMessage(CustomMessage('ForeignFolder'), [ExpandConstant('{app}')]);
end;

{ ---------------------------------------------------------------- PATH }

function EnvironmentRoot: Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function EnvironmentKey: String;
begin
  if IsAdminInstallMode then
    Result := SystemEnvironment
  else
    Result := 'Environment';
end;

{ Paths without the entries naming Dir (any case, with or without a final backslash);
  every other entry, empty ones included, stays as it was. }
function PathWithout(Paths, Dir: String): String;
var
  Entry: String;
  P: Integer;
  First: Boolean;
begin
  Result := '';
  First := True;
  repeat
    P := Pos(';', Paths);
    if P = 0 then
    begin
      Entry := Paths;
      Paths := '';
    end else
    begin
      Entry := Copy(Paths, 1, P - 1);
      Delete(Paths, 1, P);
    end;
    if CompareText(RemoveBackslashUnlessRoot(Trim(Entry)), RemoveBackslashUnlessRoot(Dir)) <> 0 then
    begin
      if not First then
        Result := Result + ';';
      Result := Result + Entry;
      First := False;
    end;
  until P = 0;
end;

procedure AddToPath(Dir: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    Paths := '';
  if PathWithout(Paths, Dir) <> Paths then
    exit;  { already there }
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then
    Paths := Paths + ';';
  if not RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths + Dir) then
    Log('Could not add ' + Dir + ' to Path');
end;

procedure RemoveFromPath(Dir: String);
var
  Paths, Kept: String;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    exit;
  Kept := PathWithout(Paths, Dir);
  if Kept = Paths then
    exit;
  if (Kept = '') and not IsAdminInstallMode then
    RegDeleteValue(EnvironmentRoot, EnvironmentKey, 'Path')
  else if not RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Kept) then
    Log('Could not remove ' + Dir + ' from Path');
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
  begin
    if WizardIsTaskSelected('addtopath') then
      AddToPath(ExpandConstant('{app}'))
    else
      RemoveFromPath(ExpandConstant('{app}'));  { unticked on an upgrade }
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
  begin
    { decide before our files are gone: is the folder still ours alone? }
    DeleteInternalAfterUninstall := OnlyOurProgramIn(ExpandConstant('{app}'));
    RemoveFromPath(ExpandConstant('{app}'));
  end;
  if (CurUninstallStep = usPostUninstall) and DeleteInternalAfterUninstall then
    DelTree(ExpandConstant('{app}\_internal'), True, True, True);
end;
