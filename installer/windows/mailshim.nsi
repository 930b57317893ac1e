; MailShim's Windows installer (NSIS 3.08 or later, Debian's `nsis`). build-app.sh runs:
;   makensis -DVERSION=<x.y.z> -DBUILD_DIR=<dir with mailshim.exe, mailshim-service.exe> -DOUT_DIR=<dir>
;            [-DSIGN=<path of sign.sh>] mailshim.nsi
; and gets <OUT_DIR>/MailShim-Setup-<VERSION>.exe: a 64-bit installer (64-bit Wine runs no 32-bit one), English
; and Japanese, per machine into Program Files.
;
; Pages: language, welcome, folder, "background service" (off by default), "start at login" (on by default),
; files, finish with "Start MailShim now". Silent (/S, administrators only): the same defaults, changed with
; /SERVICE=1 and /AUTOSTART=0; the tray is not started. An update over an installation that has the service
; keeps it (installed again and started) unless /SERVICE=0 or its page is unticked. The uninstaller stops and
; removes the service, closes the tray program, removes the files, and asks (default: no; silent: no) whether
; to remove the settings and logs.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
; The installer's (and the uninstaller's) application manifest: an administrator (Setup writes Program Files and
; HKLM and installs the service), the Windows versions it was made for (NSIS's "all": Vista to 10/11), and system
; DPI aware (NSIS's dialogs do not redraw themselves per monitor).
ManifestDPIAware true
ManifestSupportedOS all
RequestExecutionLevel admin

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef BUILD_DIR
  !error "pass -DBUILD_DIR=<folder with mailshim.exe and mailshim-service.exe>"
!endif
!ifndef OUT_DIR
  !define OUT_DIR "."
!endif
; -DSIGN=<installer/windows/sign.sh>: the uninstaller is signed before it goes into the installer (NSIS 3.08's
; !uninstfinalize), and a copy of the signed one is left in OUT_DIR for the check; build-app.sh signs the installer.
!ifdef SIGN
  !uninstfinalize '"${SIGN}" sign "%1" "${OUT_DIR}/uninstall.exe"' = 0
!endif

!define PRODUCT "MailShim"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MailShim"
!define RUN_KEY "Software\Microsoft\Windows\CurrentVersion\Run"

Name "${PRODUCT}"
OutFile "${OUT_DIR}/MailShim-Setup-${VERSION}.exe"
InstallDir "$PROGRAMFILES64\MailShim"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "MailShim ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "MailShim"
VIAddVersionKey /LANG=0 "FileDescription" "MailShim Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "MailShim project"
VIAddVersionKey /LANG=0 "LegalCopyright" "MailShim project"

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!define MUI_ICON "../../resources/icons/mailshim.ico"
!define MUI_UNICON "../../resources/icons/mailshim.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
; The chosen language is kept for the uninstaller.
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${UNINSTALL_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

Var ServiceChoice   ; "1": install and start the background service
Var HadService      ; "1": an earlier installation has the service (an update)
Var AutostartChoice ; "1": start the tray program at login (this user)
Var Checkbox

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
Page custom ServicePageShow ServicePageLeave
Page custom AutostartPageShow AutostartPageLeave
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN
!define MUI_FINISHPAGE_RUN_TEXT "$(StartNow)"
!define MUI_FINISHPAGE_RUN_FUNCTION LaunchTray
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_RESERVEFILE_LANGDLL

!include "lang/English.nsh"
!include "lang/Japanese.nsh"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Needs64Bit)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    MessageBox MB_ICONSTOP "$(NeedsAdmin)" /SD IDOK
    SetErrorLevel 740 ; ERROR_ELEVATION_REQUIRED
    Quit
  ${EndIf}
  StrCpy $ServiceChoice "0"
  StrCpy $AutostartChoice "1"
  ; An update keeps the service if there is one: the page starts ticked (--status: 0 running, 3 stopped).
  ${If} ${FileExists} "$INSTDIR\mailshim-service.exe"
    nsExec::Exec '"$INSTDIR\mailshim-service.exe" --status'
    Pop $0
    ${If} $0 == "0"
    ${OrIf} $0 == "3"
      StrCpy $ServiceChoice "1"
      StrCpy $HadService "1"
    ${EndIf}
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/SERVICE=" $R1
  ${IfNot} ${Errors}
    StrCpy $ServiceChoice $R1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/AUTOSTART=" $R1
  ${IfNot} ${Errors}
    StrCpy $AutostartChoice $R1
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; One page per choice, each saying what the choice means.
!macro ChoicePage Name Title Subtitle Text CheckText Var
Function ${Name}Show
  !insertmacro MUI_HEADER_TEXT "${Title}" "${Subtitle}"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 60u "${Text}"
  Pop $0
  ${NSD_CreateCheckbox} 0 70u 100% 12u "${CheckText}"
  Pop $Checkbox
  ${If} ${Var} == "1"
    ${NSD_Check} $Checkbox
  ${EndIf}
  nsDialogs::Show
FunctionEnd
Function ${Name}Leave
  ${NSD_GetState} $Checkbox $0
  ${If} $0 == ${BST_CHECKED}
    StrCpy ${Var} "1"
  ${Else}
    StrCpy ${Var} "0"
  ${EndIf}
FunctionEnd
!macroend
!insertmacro ChoicePage ServicePage "$(ServiceTitle)" "$(ServiceSubtitle)" "$(ServiceText)" "$(ServiceCheck)" $ServiceChoice
!insertmacro ChoicePage AutostartPage "$(AutostartTitle)" "$(AutostartSubtitle)" "$(AutostartText)" "$(AutostartCheck)" $AutostartChoice

; The tray program runs as the user, not elevated like this installer: explorer.exe starts it unelevated.
Function LaunchTray
  Exec '"$WINDIR\explorer.exe" "$INSTDIR\mailshim.exe"'
FunctionEnd

Section "MailShim" SecMain
  SectionIn RO
  SetRegView 64
  SetShellVarContext all
  ; An update: the running programs hold their files open.
  ${If} ${FileExists} "$INSTDIR\mailshim-service.exe"
    DetailPrint "$(StoppingService)"
    nsExec::ExecToLog '"$INSTDIR\mailshim-service.exe" --stop'
    Pop $0
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\taskkill.exe" /F /IM mailshim.exe'
  Pop $0

  SetOutPath "$INSTDIR"
  File "${BUILD_DIR}/mailshim.exe"
  File "${BUILD_DIR}/mailshim-service.exe"
  File "/oname=mailshim.example.json" "../../resources/mailshim.example.json"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\MailShim.lnk" "$INSTDIR\mailshim.exe" "" "$INSTDIR\mailshim.exe" 0

  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "MailShim"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "MailShim project"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\mailshim.exe,0"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0

  ; Start at login: the same HKCU Run value the tray program's own "Start at login" switch writes, so the
  ; user can turn it off there. It belongs to the user who runs the installer.
  ${If} $AutostartChoice == "1"
    WriteRegStr HKCU "${RUN_KEY}" "MailShim" '"$INSTDIR\mailshim.exe" --minimized'
  ${Else}
    DeleteRegValue HKCU "${RUN_KEY}" "MailShim"
  ${EndIf}

  ${If} $ServiceChoice == "1"
    DetailPrint "$(InstallingService)"
    nsExec::ExecToLog '"$INSTDIR\mailshim-service.exe" --install'
    Pop $0
    ${If} $0 == "0"
      nsExec::ExecToLog '"$INSTDIR\mailshim-service.exe" --start'
      Pop $0
    ${EndIf}
    ${If} $0 != "0"
      MessageBox MB_ICONEXCLAMATION "$(ServiceFailed)" /SD IDOK
    ${EndIf}
  ${ElseIf} $HadService == "1"
    ; The page was unticked on an update: the user no longer wants the service.
    DetailPrint "$(RemovingService)"
    nsExec::ExecToLog '"$INSTDIR\mailshim-service.exe" --uninstall'
    Pop $0
  ${EndIf}
SectionEnd

Function un.onInit
  SetRegView 64
  UserInfo::GetAccountType
  Pop $0
  ${If} $0 != "Admin"
    MessageBox MB_ICONSTOP "$(NeedsAdmin)" /SD IDOK
    SetErrorLevel 740
    Quit
  ${EndIf}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  ${If} ${FileExists} "$INSTDIR\mailshim-service.exe"
    DetailPrint "$(RemovingService)"
    nsExec::ExecToLog '"$INSTDIR\mailshim-service.exe" --uninstall'
    Pop $0
  ${EndIf}
  nsExec::ExecToLog '"$SYSDIR\taskkill.exe" /F /IM mailshim.exe'
  Pop $0
  Sleep 500

  Delete "$INSTDIR\mailshim.exe"
  Delete "$INSTDIR\mailshim-service.exe"
  Delete "$INSTDIR\mailshim.example.json"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\MailShim.lnk"
  DeleteRegValue HKCU "${RUN_KEY}" "MailShim"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"

  ; Settings hold the user's listeners; the service's config and logs are in ProgramData. Ask; keep by default.
  MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(RemoveSettings)" /SD IDNO IDNO keepSettings
    RMDir /r "$APPDATA\MailShim"
    SetShellVarContext current
    RMDir /r "$LOCALAPPDATA\MailShim"
    SetShellVarContext all
  keepSettings:
SectionEnd
