import { ApiProperty } from '@nestjs/swagger';

export class SignInDto {
  @ApiProperty({ example: 'planner' }) username!: string;
  @ApiProperty({ example: 'secret', format: 'password' }) password!: string;
}

export class UserDto {
  @ApiProperty({ example: 'planner' }) username!: string;
  @ApiProperty({ example: 'planner' }) role!: string;
  @ApiProperty({ type: [String], example: ['forecasts:read'] }) scopes!: string[];
}

export class TokenDto {
  @ApiProperty({ description: 'Send as `Authorization: Bearer <access_token>`' }) access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: string;
  @ApiProperty({ description: 'Seconds until it expires; sign in again then', example: 900 })
  expires_in!: number;
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class WhoAmIDto {
  @ApiProperty({
    enum: ['user', 'forwarded'],
    description: 'user = signed in here; forwarded = an API token checked by the services',
  })
  kind!: string;
  @ApiProperty({ required: false }) username?: string;
  @ApiProperty({ required: false }) role?: string;
  @ApiProperty({ type: [String], required: false }) scopes?: string[];
}
