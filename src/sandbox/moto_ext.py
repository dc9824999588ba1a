"""moto's server plus the SSM service-setting API it lacks (the test harness and `npm run sandbox`).

moto 5.2.1 has no GetServiceSetting, UpdateServiceSetting or ResetServiceSetting: the AWS provider's
aws_ssm_service_setting (the public-sharing block of every Region) hangs on them. This file adds
the three actions to moto's SSM responses, keeping one value per account, Region and setting, and
then starts moto's server with the arguments it was given (e.g. `-H 127.0.0.1 -p 5000`).

Behaviour, as documented for the real API:
- a setting that was never updated reads as its AWS default with Status "Default";
- UpdateServiceSetting stores the value (Status "Customized");
- ResetServiceSetting puts the default back (Status "Default");
- SettingId may be the setting's path (/ssm/...) or its full ARN; the ARN is always returned.
"""
import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult, EmptyResult
from moto.ssm.responses import SimpleSystemManagerResponse

# AWS defaults of the settings the stacks touch; any other setting defaults to "Disable".
DEFAULTS = {
    "/ssm/documents/console/public-sharing-permission": "Enable",
}

# (account, region, setting path) -> {"value", "modified", "user"}
_SETTINGS: dict = {}


def _path(setting_id: str) -> str:
    marker = ":servicesetting"
    return setting_id.split(marker, 1)[1] if marker in setting_id else setting_id


def _describe(response: SimpleSystemManagerResponse, path: str) -> dict:
    account, region = response.current_account, response.region
    stored = _SETTINGS.get((account, region, path))
    partition = "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"
    return {
        "SettingId": path,
        "SettingValue": stored["value"] if stored else DEFAULTS.get(path, "Disable"),
        "LastModifiedDate": stored["modified"] if stored else datetime(2020, 1, 1, tzinfo=timezone.utc),
        "LastModifiedUser": stored["user"] if stored else "System",
        "ARN": f"arn:{partition}:ssm:{region}:{account}:servicesetting{path}",
        "Status": "Customized" if stored else "Default",
    }


def get_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    return ActionResult({"ServiceSetting": _describe(self, _path(self._get_param("SettingId")))})


def update_service_setting(self: SimpleSystemManagerResponse) -> EmptyResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS[(self.current_account, self.region, path)] = {
        "value": self._get_param("SettingValue"),
        "modified": datetime.now(timezone.utc),
        "user": f"arn:aws:iam::{self.current_account}:user/emulator",
    }
    return EmptyResult()


def reset_service_setting(self: SimpleSystemManagerResponse) -> ActionResult:
    path = _path(self._get_param("SettingId"))
    _SETTINGS.pop((self.current_account, self.region, path), None)
    return ActionResult({"ServiceSetting": _describe(self, path)})


SimpleSystemManagerResponse.get_service_setting = get_service_setting
SimpleSystemManagerResponse.update_service_setting = update_service_setting
SimpleSystemManagerResponse.reset_service_setting = reset_service_setting


# --- CloudWatch Logs AssociateKmsKey / DisassociateKmsKey (added by issue 11: an adopted log group
# gets the created logs key; moto 5.2.1 answers both with a 500). Stores the key on the group.
from moto.logs.exceptions import ResourceNotFoundException as _LogsNotFound
from moto.logs.responses import LogsResponse


def _log_group(self: LogsResponse):
    name = self._get_param("logGroupName")
    group = self.logs_backend.groups.get(name)
    if group is None:
        raise _LogsNotFound()
    return group


def associate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = self._get_param("kmsKeyId")
    return ""


def disassociate_kms_key(self: LogsResponse) -> str:
    _log_group(self).kms_key_id = None
    return ""


LogsResponse.associate_kms_key = associate_kms_key
LogsResponse.disassociate_kms_key = disassociate_kms_key


def _reset_settings_too() -> None:
    """POST /moto-api/reset clears moto's backends; clear the settings with them."""
    from moto.moto_api._internal.models import moto_api_backend

    original = moto_api_backend.reset

    def reset() -> None:
        _SETTINGS.clear()
        original()

    moto_api_backend.reset = reset


if __name__ == "__main__":
    _reset_settings_too()
    from moto.server import main

    main(sys.argv[1:])
